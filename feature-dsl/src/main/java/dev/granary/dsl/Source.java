package dev.granary.dsl;

import dev.granary.spec.SourceSpec;

/**
 * A Parquet source being declared: {@code repo.parquet("driver_hourly", "data/driver_hourly.parquet")
 * .timestamp("event_timestamp").created("created")}. The event timestamp column defaults to
 * {@code event_timestamp}; the created timestamp (tiebreak for equal event times) is optional. Names, paths and
 * columns are recorded as written (a null as blank) and checked by the validator.
 */
public final class Source {
    private final FeatureRepo repo;
    private final String name;
    private final String path;
    private final String specPath;
    private String timestampField = "event_timestamp";
    private String createdField;
    private String description = "";

    Source(FeatureRepo repo, String name, String path, int index) {
        this.repo = repo;
        this.name = name == null ? "" : name;
        this.path = path == null ? "" : path;
        this.specPath = FeatureRepo.element("sources", this.name, index);
    }

    /** The event timestamp column. */
    public Source timestamp(String column) {
        this.timestampField = column == null ? "" : column;
        return this;
    }

    /** The created timestamp column, used to break ties between rows with equal event timestamps. */
    public Source created(String column) {
        if (column == null) {
            repo.error(specPath + ".createdTimestampField", "the created timestamp column of source '" + name
                    + "' is null", "name the column, or leave the call out");
        } else {
            this.createdField = column;
        }
        return this;
    }

    public Source description(String text) {
        description = repo.description(specPath, "source '" + name + "'", description, text);
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
