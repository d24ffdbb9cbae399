package dev.granary.spec;

import static java.util.Objects.requireNonNull;

/**
 * A plain feature of a view: the value of a source column as of a point in time. It reads the column of the
 * same name unless {@code column} names another. A {@code restricted} feature is read only by callers granted it
 * (see {@link FeatureViewSpec#restricted(String)}).
 */
public record FeatureSpec(String name, ValueType type, String column, String description, boolean restricted) {
    public FeatureSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        column = column == null || column.isBlank() ? null : column;
        description = description == null ? "" : description;
    }

    public FeatureSpec(String name, ValueType type, String column, String description) {
        this(name, type, column, description, false);
    }

    public FeatureSpec(String name, ValueType type) {
        this(name, type, null, "");
    }

    /** The source column this feature reads. */
    public String sourceColumn() {
        return column == null ? name : column;
    }
}
