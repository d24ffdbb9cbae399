package dev.granary.spec;

import static java.util.Objects.requireNonNull;

/**
 * A plain feature of a view: the value of a source column as of a point in time. It reads the column of the
 * same name unless {@code column} names another.
 */
public record FeatureSpec(String name, ValueType type, String column, String description) {
    public FeatureSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        column = column == null || column.isBlank() ? null : column;
        description = description == null ? "" : description;
    }

    public FeatureSpec(String name, ValueType type) {
        this(name, type, null, "");
    }

    /** The source column this feature reads. */
    public String sourceColumn() {
        return column == null ? name : column;
    }
}
