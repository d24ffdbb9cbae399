package dev.granary.dsl;

import dev.granary.spec.HealthMeasure;
import dev.granary.spec.HealthThreshold;

/**
 * Alert thresholds for {@link FeatureService#monitor}, meant for static import:
 * {@code .monitor(psi(0.2), nullRateIncrease(0.05))}. A measure at or above its threshold alerts, at or above half
 * of it warns; see {@code docs/health.md} for each measure and its default.
 */
public final class Monitors {
    private Monitors() {
    }

    /** Population stability index over the reference's quantile bins (numeric features). */
    public static HealthThreshold psi(double alert) {
        return new HealthThreshold(HealthMeasure.PSI, alert);
    }

    /** Jensen-Shannon divergence (base 2), numeric or categorical. */
    public static HealthThreshold jsDivergence(double alert) {
        return new HealthThreshold(HealthMeasure.JS_DIVERGENCE, alert);
    }

    /** Kolmogorov-Smirnov distance (numeric). */
    public static HealthThreshold ksDistance(double alert) {
        return new HealthThreshold(HealthMeasure.KS_DISTANCE, alert);
    }

    /** Increase of the null rate, as a share of rows (0.05 = five percentage points). */
    public static HealthThreshold nullRateIncrease(double alert) {
        return new HealthThreshold(HealthMeasure.NULL_RATE_INCREASE, alert);
    }

    /** Share of values outside the reference's range (numeric). */
    public static HealthThreshold rangeViolations(double alert) {
        return new HealthThreshold(HealthMeasure.RANGE_VIOLATIONS, alert);
    }

    /** Share of values in categories the reference never saw (categorical). */
    public static HealthThreshold newCategories(double alert) {
        return new HealthThreshold(HealthMeasure.NEW_CATEGORIES, alert);
    }

    /** Share of reference values in categories the current window lacks (categorical). */
    public static HealthThreshold missingCategories(double alert) {
        return new HealthThreshold(HealthMeasure.MISSING_CATEGORIES, alert);
    }

    /** Share of served values answered NOT_FOUND. */
    public static HealthThreshold notFoundRate(double alert) {
        return new HealthThreshold(HealthMeasure.NOT_FOUND_RATE, alert);
    }

    /** Share of served values answered OUTSIDE_MAX_AGE. */
    public static HealthThreshold outsideMaxAgeRate(double alert) {
        return new HealthThreshold(HealthMeasure.OUTSIDE_MAX_AGE_RATE, alert);
    }

    /** Online staleness as a multiple of the view's TTL (1.0 = a full TTL behind). */
    public static HealthThreshold staleness(double alert) {
        return new HealthThreshold(HealthMeasure.STALENESS, alert);
    }
}
