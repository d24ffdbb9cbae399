package dev.granary.health;

import static java.util.Objects.requireNonNull;

import dev.granary.offline.stats.FeatureStats;
import java.util.List;

/**
 * The health of one feature of a service: its status (the worst of its measures), every measure computed, and
 * what explains it: categories new to the current window or missing from it, and the two sides' statistics
 * (null for a side that had no data).
 *
 * @param causes the measures that made the status (those not ok), worst first
 * @param note   why measures are missing (no reference data, no values in the window), empty otherwise
 */
public record FeatureHealth(String view, String feature, HealthStatus status, List<MeasureValue> measures,
                            List<MeasureValue> causes, List<String> newCategories, List<String> missingCategories,
                            FeatureStats reference, FeatureStats current, String note) {
    public FeatureHealth {
        requireNonNull(view, "view is null");
        requireNonNull(feature, "feature is null");
        requireNonNull(status, "status is null");
        measures = List.copyOf(measures);
        causes = List.copyOf(causes);
        newCategories = List.copyOf(newCategories);
        missingCategories = List.copyOf(missingCategories);
        note = note == null ? "" : note;
    }

    /** {@code view:feature}. */
    @com.fasterxml.jackson.annotation.JsonProperty("name")
    public String name() {
        return view + ":" + feature;
    }

    /** The value of {@code measure}, or NaN when it was not computed. */
    public double value(dev.granary.spec.HealthMeasure measure) {
        return measures.stream().filter(m -> m.measure() == measure).mapToDouble(MeasureValue::value).findFirst()
                .orElse(Double.NaN);
    }
}
