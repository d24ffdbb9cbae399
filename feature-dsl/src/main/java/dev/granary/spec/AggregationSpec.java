package dev.granary.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A window aggregation {@code function(column)} over {@code (t - window, t]}. A {@code restricted} one is read
 * only by callers granted it (see {@link FeatureViewSpec#restricted(String)}).
 */
public record AggregationSpec(String name, AggregationFunction function, String column, long windowSeconds,
                              String description, boolean restricted) {
    public AggregationSpec {
        requireNonNull(name, "name is null");
        requireNonNull(function, "function is null");
        requireNonNull(column, "column is null");
        description = description == null ? "" : description;
    }

    public AggregationSpec(String name, AggregationFunction function, String column, long windowSeconds,
                           String description) {
        this(name, function, column, windowSeconds, description, false);
    }

    public Duration window() {
        return Duration.ofSeconds(windowSeconds);
    }
}
