package dev.granary.spec;

import java.util.Optional;

/**
 * A measure a health check compares against a threshold. Each measure grows with the difference it detects; a
 * value at or above the threshold alerts, one at or above half of it warns.
 */
public enum HealthMeasure {
    /** Population stability index over the reference's quantile bins (numeric). */
    PSI("psi", 0.2),
    /** Jensen-Shannon divergence, base 2, in [0, 1]: over quantile bins (numeric) or frequent values (categorical). */
    JS_DIVERGENCE("jsDivergence", 0.1),
    /** Kolmogorov-Smirnov distance between the two distributions (numeric), in [0, 1]. */
    KS_DISTANCE("ksDistance", 0.2),
    /** Current null rate minus reference null rate. */
    NULL_RATE_INCREASE("nullRateIncrease", 0.05),
    /** Share of current values outside the reference's [min, max] (numeric). */
    RANGE_VIOLATIONS("rangeViolations", 0.05),
    /** Share of current values in categories the reference never saw (categorical). */
    NEW_CATEGORIES("newCategories", 0.05),
    /** Share of the reference's values in categories absent from the current window (categorical). */
    MISSING_CATEGORIES("missingCategories", 0.1),
    /** Share of served values answered NOT_FOUND (skew only). */
    NOT_FOUND_RATE("notFoundRate", 0.1),
    /** Share of served values answered OUTSIDE_MAX_AGE (skew only). */
    OUTSIDE_MAX_AGE_RATE("outsideMaxAgeRate", 0.05),
    /** Online staleness (now minus the newest event time) divided by the view's TTL. */
    STALENESS("staleness", 1.0);

    private final String jsonName;
    private final double defaultAlert;

    HealthMeasure(String jsonName, double defaultAlert) {
        this.jsonName = jsonName;
        this.defaultAlert = defaultAlert;
    }

    /** The name in JSON and in the DSL ({@code psi}, {@code nullRateIncrease}). */
    @com.fasterxml.jackson.annotation.JsonValue
    public String jsonName() {
        return jsonName;
    }

    /** The alert threshold when no monitor sets one. */
    public double defaultAlert() {
        return defaultAlert;
    }

    /** The measure named {@code name} (its JSON name or its constant, any case). */
    public static Optional<HealthMeasure> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (HealthMeasure m : values()) {
            if (m.jsonName.equalsIgnoreCase(name) || m.name().equalsIgnoreCase(name.replace('-', '_'))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return jsonName;
    }

    /** The JSON names of every measure, comma separated (for error messages). */
    public static String names() {
        return String.join(", ", java.util.Arrays.stream(values()).map(HealthMeasure::jsonName).toList());
    }
}
