package dev.granary.search;

import static java.util.Objects.requireNonNull;

/**
 * What the catalog keeps of a feature's statistics (the full statistics live in the registry): its kind, the
 * fraction of null values, the approximate distinct count and, for numeric features, min, max and mean
 * (null when not numeric or unknown, so JSON carries {@code null} rather than an invalid {@code NaN}).
 *
 * @throws IllegalArgumentException when {@code nullFraction} is outside [0, 1] or {@code distinctCount} is negative
 */
public record FeatureStatsSummary(FeatureKind kind, double nullFraction, long distinctCount, Double min, Double max,
                                  Double mean) {
    public FeatureStatsSummary {
        requireNonNull(kind, "kind is null");
        if (!(nullFraction >= 0 && nullFraction <= 1)) {
            throw new IllegalArgumentException("nullFraction is " + nullFraction + "; it must lie in [0, 1]");
        }
        if (distinctCount < 0) {
            throw new IllegalArgumentException("distinctCount is " + distinctCount + "; it must be >= 0");
        }
        min = finiteOrNull(min);
        max = finiteOrNull(max);
        mean = finiteOrNull(mean);
    }

    public static FeatureStatsSummary categorical(double nullFraction, long distinctCount) {
        return new FeatureStatsSummary(FeatureKind.CATEGORICAL, nullFraction, distinctCount, null, null, null);
    }

    public static FeatureStatsSummary numeric(double nullFraction, long distinctCount, Double min, Double max,
                                              Double mean) {
        return new FeatureStatsSummary(FeatureKind.NUMERIC, nullFraction, distinctCount, min, max, mean);
    }

    private static Double finiteOrNull(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : value;
    }
}
