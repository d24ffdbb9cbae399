package dev.granary.offline.stats;

import dev.granary.spec.ValueKind;
import dev.granary.spec.ValueType;

/**
 * Whether a feature's values are summarised as numbers (moments, quantiles, histogram) or as categories (most
 * frequent values), by the rule of {@link ValueKind} (the catalog's {@code kind} facet follows it too).
 */
public enum StatisticsKind {
    NUMERIC, CATEGORICAL;

    /**
     * The kind of a scalar value type.
     *
     * @throws IllegalArgumentException for a list type (statistics are computed for scalar features only)
     */
    public static StatisticsKind of(ValueType type) {
        if (type.isList()) {
            throw new IllegalArgumentException("type " + type
                    + " is a list type; statistics are computed for scalar features only");
        }
        return ValueKind.of(type) == ValueKind.NUMERIC ? NUMERIC : CATEGORICAL;
    }
}
