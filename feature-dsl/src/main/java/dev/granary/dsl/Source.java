package dev.granary.dsl;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.SourceSpec;

/**
 * A Parquet source being declared: {@code repo.parquet("driver_hourly", "data/driver_hourly.parquet")
 * .timestamp("event_timestamp").created("created")}. The event timestamp column defaults to
 * {@code event_timestamp}; the created timestamp (tiebreak for equal event times) is optional.
 */
public final class Source {
    private final FeatureRepo repo;
    private final String name;
    private final String path;
    private String timestampField = "event_timestamp";
    private String createdField;
    private String description = "";

    Source(FeatureRepo repo, String name, String path) {
        this.repo = repo;
        this.name = requireNonNull(name, "source name is null");
        this.path = requireNonNull(path, "path of source " + name + " is null");
    }

    /** The event timestamp column. */
    public Source timestamp(String column) {
        this.timestampField = requireNonNull(column, "timestamp column is null");
        return this;
    }

    /** The created timestamp column, used to break ties between rows with equal event timestamps. */
    public Source created(String column) {
        this.createdField = requireNonNull(column, "created timestamp column is null");
        return this;
    }

    public Source description(String text) {
        this.description = requireNonNull(text, "description is null");
        return this;
    }

    public String name() {
        return name;
    }

    FeatureRepo repo() {
        return repo;
    }

    SourceSpec toSpec() {
        return new SourceSpec(name, SourceSpec.PARQUET, path, timestampField, createdField, description);
    }
}
