package dev.granary.health;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A training set as the registry recorded it, as far as a health check needs it. */
public record RecordedTrainingSet(String id, String project, int specVersion, List<String> features, Path output,
                                  Instant createdAt) {
    public RecordedTrainingSet {
        requireNonNull(id, "id is null");
        requireNonNull(project, "project is null");
        features = List.copyOf(features);
        requireNonNull(output, "output is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
