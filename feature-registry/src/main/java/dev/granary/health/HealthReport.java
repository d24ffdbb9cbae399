package dev.granary.health;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A health check of one feature service: what was compared ({@code mode} skew or drift, the reference and the
 * current window), the worst status, and every feature worst first.
 *
 * @param mode      {@code skew} (a training set against logged serving values) or {@code drift} (the sources over a
 *                  baseline window against a recent window)
 * @param reference the training set id (skew) or the baseline window (drift), as text
 * @param current   the window checked, as text
 */
public record HealthReport(String project, String service, String mode, String reference, String current,
                           Instant checkedAt, HealthStatus status, List<FeatureHealth> features) {
    /** Worst status first, then by name. */
    public static final Comparator<FeatureHealth> WORST_FIRST = Comparator
            .comparing(FeatureHealth::status, Comparator.reverseOrder()).thenComparing(FeatureHealth::name);

    public HealthReport {
        requireNonNull(project, "project is null");
        requireNonNull(service, "service is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(checkedAt, "checkedAt is null");
        features = features.stream().sorted(WORST_FIRST).toList();
        status = features.stream().map(FeatureHealth::status).reduce(HealthStatus.OK, HealthStatus::worst);
    }

    /** The feature named {@code view:feature}. */
    public FeatureHealth feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no feature '" + name + "' in the report of " + service));
    }
}
