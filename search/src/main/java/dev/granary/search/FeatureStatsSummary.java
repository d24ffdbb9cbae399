package dev.granary.search;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * What the catalog keeps of a feature's statistics (the full statistics live in the registry): its kind, the
 * fraction of null values, the approximate distinct count and, for numeric features, min, max and mean
 * ({@code NaN} when not numeric or unknown).
 *
 * @throws IllegalArgumentException when {@code nullFraction} is outside [0, 1] or {@code distinctCount} is negative
 */
public record FeatureStatsSummary(FeatureKind kind, double nullFraction, long distinctCount, double min, double max,
                                  double mean) {
    public FeatureStatsSummary {
        requireNonNull(kind, "kind is null");
        if (!(nullFraction >= 0 && nullFraction <= 1)) {
            throw new IllegalArgumentException("nullFraction is " + nullFraction + "; it must lie in [0, 1]");
        }
        if (distinctCount < 0) {
            throw new IllegalArgumentException("distinctCount is " + distinctCount + "; it must be >= 0");
        }
    }

    public static FeatureStatsSummary categorical(double nullFraction, long distinctCount) {
        return new FeatureStatsSummary(FeatureKind.CATEGORICAL, nullFraction, distinctCount, Double.NaN, Double.NaN,
                Double.NaN);
    }

    public static FeatureStatsSummary numeric(double nullFraction, long distinctCount, double min, double max,
                                              double mean) {
        return new FeatureStatsSummary(FeatureKind.NUMERIC, nullFraction, distinctCount, min, max, mean);
    }

    public OptionalDouble minValue() {
        return Double.isNaN(min) ? OptionalDouble.empty() : OptionalDouble.of(min);
    }

    public OptionalDouble maxValue() {
        return Double.isNaN(max) ? OptionalDouble.empty() : OptionalDouble.of(max);
    }

    public OptionalDouble meanValue() {
        return Double.isNaN(mean) ? OptionalDouble.empty() : OptionalDouble.of(mean);
    }
}
