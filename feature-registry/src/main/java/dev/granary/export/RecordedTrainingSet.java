package dev.granary.export;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** A recorded training set as listed (Arrow Flight's ListFlights): what it holds and where it was written. */
public record RecordedTrainingSet(String id, String project, int specVersion, List<String> features, long rowCount,
                                  String output, Instant createdAt) {
    public RecordedTrainingSet {
        requireNonNull(id, "id is null");
        requireNonNull(project, "project is null");
        features = List.copyOf(features);
        requireNonNull(createdAt, "createdAt is null");
    }
}
