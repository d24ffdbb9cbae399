package dev.granary.metrics;

import static java.util.Objects.requireNonNull;

/**
 * One feature's result in a scheduled health check, as the gauges show it.
 *
 * @param feature {@code view:feature}
 * @param status  0 ok, 1 warn, 2 alert
 * @param psi     the population stability index, NaN when the check did not compute it (categorical features, too
 *                few values, no data)
 */
public record FeatureHealthSample(String feature, int status, double psi) {
    public FeatureHealthSample {
        requireNonNull(feature, "feature is null");
        if (status < 0 || status > 2) {
            throw new IllegalArgumentException("status of " + feature + " must be 0, 1 or 2, got " + status);
        }
    }
}
