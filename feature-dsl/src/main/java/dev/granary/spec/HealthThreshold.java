package dev.granary.spec;

import static java.util.Objects.requireNonNull;

/**
 * The alert threshold of one measure: a value at or above {@code alert} alerts, one at or above half of it warns.
 * The validator checks that {@code alert} is a positive finite number.
 */
public record HealthThreshold(HealthMeasure measure, double alert) {
    public HealthThreshold {
        requireNonNull(measure, "measure is null");
    }

    /** The warn level: half the alert level. */
    public double warn() {
        return alert / 2;
    }

    public boolean valid() {
        return alert > 0 && Double.isFinite(alert);
    }
}
