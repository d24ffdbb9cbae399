package dev.granary.offline.stats;

import dev.granary.spec.ValueType;

/**
 * Whether a feature's values are summarised as numbers (moments, quantiles, histogram) or as categories (most
 * frequent values). The rule: {@code INT32}, {@code INT64}, {@code FLOAT32}, {@code FLOAT64} and {@code TIMESTAMP}
 * (as epoch seconds, so quantiles read as instants) are numeric; {@code BOOL}, {@code STRING} and {@code BYTES}
 * are categorical.
 */
public enum StatisticsKind {
    NUMERIC, CATEGORICAL;

    /**
     * The kind of a scalar value type.
     *
     * @throws IllegalArgumentException for a list type (statistics are computed for scalar features only)
     */
    public static StatisticsKind of(ValueType type) {
        return switch (type) {
            case INT32, INT64, FLOAT32, FLOAT64, TIMESTAMP -> NUMERIC;
            case BOOL, STRING, BYTES -> CATEGORICAL;
            default -> throw new IllegalArgumentException("type " + type
                    + " is a list type; statistics are computed for scalar features only");
        };
    }
}
