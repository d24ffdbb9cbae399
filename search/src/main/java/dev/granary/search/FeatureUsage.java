package dev.granary.search;

/**
 * How much a feature is used: the feature services that list it, the training-set exports that read it and the
 * online lookups that served it (counted by the service). Ranking reads them through {@code log1p}, so they may
 * be raw counts.
 *
 * @throws IllegalArgumentException when a count is negative
 */
public record FeatureUsage(long services, long exports, long lookups) {
    public static final FeatureUsage NONE = new FeatureUsage(0, 0, 0);

    public FeatureUsage {
        if (services < 0 || exports < 0 || lookups < 0) {
            throw new IllegalArgumentException("usage counts must be >= 0, got services=" + services + " exports="
                    + exports + " lookups=" + lookups);
        }
    }
}
