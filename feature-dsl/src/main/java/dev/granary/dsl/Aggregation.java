package dev.granary.dsl;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.AggregationFunction;

/**
 * A window aggregation before it is given a name and a window: {@code function(column)}. Made by the static
 * helpers of {@link Aggregations} and passed to {@link FeatureView#aggregate}.
 */
public record Aggregation(AggregationFunction function, String column) {
    public Aggregation {
        requireNonNull(function, "function is null");
        // a null column is recorded blank: the validator reports the aggregation names no column
        column = column == null ? "" : column;
    }
}
