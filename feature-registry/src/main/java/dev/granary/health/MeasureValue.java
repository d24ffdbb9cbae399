package dev.granary.health;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.HealthMeasure;

/** One measure of one feature: its value, the alert threshold it was judged against, and the verdict. */
public record MeasureValue(HealthMeasure measure, double value, double threshold, HealthStatus status) {
    public MeasureValue {
        requireNonNull(measure, "measure is null");
        requireNonNull(status, "status is null");
    }

    public static MeasureValue judged(HealthMeasure measure, double value, double threshold) {
        return new MeasureValue(measure, value, threshold, HealthStatus.of(value, threshold));
    }
}
