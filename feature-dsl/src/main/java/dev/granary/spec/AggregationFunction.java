package dev.granary.spec;

import java.util.Optional;

/** Window aggregation functions over {@code (t - window, t]}; see {@code semantics.md}. */
public enum AggregationFunction {
    COUNT, SUM, MIN, MAX, MEAN;

    /**
     * The type this function yields over a column of the given type: {@code COUNT} and integer {@code SUM}
     * are {@code INT64}, {@code MEAN} is {@code FLOAT64}, {@code MIN}/{@code MAX} keep the column type.
     * Empty when the function does not fit the column type (for example {@code SUM} of a {@code STRING}).
     */
    public Optional<ValueType> resultType(ValueType column) {
        if (column.isList() || column == ValueType.BYTES) {
            return this == COUNT ? Optional.of(ValueType.INT64) : Optional.empty();
        }
        return switch (this) {
            case COUNT -> Optional.of(ValueType.INT64);
            case SUM -> column.isNumeric()
                    ? Optional.of(column.isIntegral() ? ValueType.INT64 : ValueType.FLOAT64)
                    : Optional.empty();
            case MEAN -> column.isNumeric() ? Optional.of(ValueType.FLOAT64) : Optional.empty();
            case MIN, MAX -> column.isNumeric() || column == ValueType.TIMESTAMP
                    ? Optional.of(column)
                    : Optional.empty();
        };
    }

    public static Optional<AggregationFunction> parse(String name) {
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
