package dev.granary.dsl;

import dev.granary.spec.AggregationFunction;

/**
 * Static helpers for window aggregations, meant to be imported statically:
 * {@code .aggregate("trips_7d", sum("trips"), Duration.ofDays(7))}. Which function fits which column type is
 * checked by the validator ({@code AggregationFunction#resultType}).
 */
public final class Aggregations {
    private Aggregations() {
    }

    /** Number of non-null values of {@code column} in the window (0 when none); {@code INT64}. */
    public static Aggregation count(String column) {
        return new Aggregation(AggregationFunction.COUNT, column);
    }

    /** Sum of the numeric {@code column}; integer sums are {@code INT64}, others {@code FLOAT64}. */
    public static Aggregation sum(String column) {
        return new Aggregation(AggregationFunction.SUM, column);
    }

    /** Smallest value of the numeric or timestamp {@code column}. */
    public static Aggregation min(String column) {
        return new Aggregation(AggregationFunction.MIN, column);
    }

    /** Largest value of the numeric or timestamp {@code column}. */
    public static Aggregation max(String column) {
        return new Aggregation(AggregationFunction.MAX, column);
    }

    /** Mean of the numeric {@code column}; {@code FLOAT64}. */
    public static Aggregation mean(String column) {
        return new Aggregation(AggregationFunction.MEAN, column);
    }
}
