package dev.granary.export;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A written training set as recorded in the registry: enough to reproduce it (spec version, features, input
 * fingerprint) and to find it again (output path). As JSON (an export job's {@code result}) the output is the
 * plain path, not a {@code file:} URI, and {@code elapsed} an ISO-8601 duration.
 */
public record TrainingSet(String id, String project, int specVersion, List<String> features, List<String> columns,
                          long rowCount, @JsonSerialize(using = ToStringSerializer.class) Path output,
                          String inputFingerprint, Instant createdAt, Duration elapsed) {
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
