package dev.granary.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A Parquet source: a file or a folder of files, with an event timestamp column and an optional
 * created timestamp column (the tiebreak for equal event times). A relative path resolves against
 * the repository's {@code offline.root}.
 */
public record SourceSpec(String name, String type, String path, String timestampField, String createdTimestampField,
                         String description) {
    public static final String PARQUET = "parquet";

    public SourceSpec {
        requireNonNull(name, "name is null");
        type = type == null ? PARQUET : type;
        requireNonNull(path, "path is null");
        timestampField = timestampField == null ? "event_timestamp" : timestampField;
        createdTimestampField = createdTimestampField == null || createdTimestampField.isBlank() ? null : createdTimestampField;
        description = description == null ? "" : description;
    }

    public SourceSpec(String name, String path, String timestampField, String createdTimestampField) {
        this(name, PARQUET, path, timestampField, createdTimestampField, "");
    }

    public Optional<String> createdTimestamp() {
        return Optional.ofNullable(createdTimestampField);
    }
}
