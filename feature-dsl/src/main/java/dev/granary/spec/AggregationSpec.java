package dev.granary.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** A window aggregation {@code function(column)} over {@code (t - window, t]}. */
public record AggregationSpec(String name, AggregationFunction function, String column, long windowSeconds,
                              String description) {
    public AggregationSpec {
        requireNonNull(name, "name is null");
        requireNonNull(function, "function is null");
        requireNonNull(column, "column is null");
        description = description == null ? "" : description;
    }

    public Duration window() {
        return Duration.ofSeconds(windowSeconds);
    }
}
