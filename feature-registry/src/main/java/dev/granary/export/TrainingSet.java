package dev.granary.export;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A written training set as recorded in the registry: enough to reproduce it (spec version, features, input
 * fingerprint) and to find it again (output path).
 */
public record TrainingSet(String id, String project, int specVersion, List<String> features, List<String> columns,
                          long rowCount, Path output, String inputFingerprint, Instant createdAt, Duration elapsed) {
    public TrainingSet {
        requireNonNull(id, "id is null");
        requireNonNull(project, "project is null");
        features = List.copyOf(features);
        columns = List.copyOf(columns);
        requireNonNull(output, "output is null");
        requireNonNull(inputFingerprint, "inputFingerprint is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(elapsed, "elapsed is null");
    }
}
