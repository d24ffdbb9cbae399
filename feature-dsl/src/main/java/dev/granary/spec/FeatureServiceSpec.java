package dev.granary.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A feature service: the named list of {@code view:feature} references one model uses, with optional logging of
 * what it serves ({@code logging}, null when off) and health-check thresholds ({@code monitors}).
 */
public record FeatureServiceSpec(String name, List<String> features, String owner, Map<String, String> tags,
                                 String description, LoggingSpec logging, List<MonitorSpec> monitors) {
    public FeatureServiceSpec {
        requireNonNull(name, "name is null");
        features = features == null ? List.of() : List.copyOf(features);
        owner = owner == null ? "" : owner;
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        description = description == null ? "" : description;
        monitors = monitors == null ? List.of() : List.copyOf(monitors);
    }

    /** A service without logging or monitors. */
    public FeatureServiceSpec(String name, List<String> features, String owner, Map<String, String> tags,
                              String description) {
        this(name, features, owner, tags, description, null, List.of());
    }

    /** The references that parse as {@code view:feature}; the validator reports the others. */
    public List<FeatureRef> refs() {
        return features.stream().map(FeatureRef::parse).flatMap(java.util.Optional::stream).toList();
    }

    /** The logging of what this service serves, empty when it is off. */
    public Optional<LoggingSpec> loggingSpec() {
        return Optional.ofNullable(logging);
    }

    /**
     * The alert threshold of {@code measure} for {@code view:feature}: from the most specific monitor that sets
     * it, else the measure's default.
     */
    public double threshold(HealthMeasure measure, String view, String feature) {
        double value = measure.defaultAlert();
        int best = -1;
        for (MonitorSpec monitor : monitors) {
            if (monitor.specificity() > best && monitor.appliesTo(view, feature)) {
                for (HealthThreshold t : monitor.thresholds()) {
                    if (t.measure() == measure) {
                        value = t.alert();
                        best = monitor.specificity();
                    }
                }
            }
        }
        return value;
    }
}
