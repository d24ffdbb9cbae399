package dev.granary.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Thresholds of a feature service's health check for some of its features: every feature ({@code target} empty),
 * the features of one view ({@code "driver_stats"}) or one feature ({@code "driver_stats:conv_rate"}). The most
 * specific monitor setting a measure wins; measures no monitor sets keep their defaults.
 */
public record MonitorSpec(String target, List<HealthThreshold> thresholds) {
    public MonitorSpec {
        target = target == null ? "" : target;
        thresholds = List.copyOf(requireNonNull(thresholds, "thresholds is null"));
    }

    /** Whether this monitor applies to {@code view:feature}. */
    public boolean appliesTo(String view, String feature) {
        return target.isEmpty() || target.equals(view) || target.equals(view + ":" + feature);
    }

    /** 0 for every feature, 1 for a view, 2 for one feature: the more specific wins. */
    public int specificity() {
        return target.isEmpty() ? 0 : target.contains(":") ? 2 : 1;
    }
}
