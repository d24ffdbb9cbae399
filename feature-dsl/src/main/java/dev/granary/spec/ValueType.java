package dev.granary.spec;

import java.util.Optional;

/**
 * Types of join keys and features. Lists hold one scalar type; their names end in {@code _LIST}
 * (as in Feast's {@code ValueType}), so {@code "INT64_LIST"} in JSON.
 */
public enum ValueType {
    BOOL, INT32, INT64, FLOAT32, FLOAT64, STRING, BYTES, TIMESTAMP,
    BOOL_LIST, INT32_LIST, INT64_LIST, FLOAT32_LIST, FLOAT64_LIST, STRING_LIST, BYTES_LIST, TIMESTAMP_LIST;

    public boolean isList() {
        return name().endsWith("_LIST");
    }

    /** The element type of a list type, or this type itself for a scalar. */
    public ValueType elementType() {
        return isList() ? valueOf(name().substring(0, name().length() - "_LIST".length())) : this;
    }

    public boolean isNumeric() {
        return switch (this) {
            case INT32, INT64, FLOAT32, FLOAT64 -> true;
            default -> false;
        };
    }

    public boolean isIntegral() {
        return this == INT32 || this == INT64;
    }

    /** Parses a type name case-insensitively; empty when the name is not a type. */
    public static Optional<ValueType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
