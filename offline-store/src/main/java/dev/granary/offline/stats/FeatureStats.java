package dev.granary.offline.stats;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.ValueType;
import java.time.Instant;
import java.util.List;

/**
 * Statistics of one feature over the source rows whose event time lies in the requested range.
 *
 * <p>Exact: {@code count} (rows in range, nulls included), {@code nullCount}, {@code nanCount} (floating-point
 * NaN, left out of every numeric summary), {@code min}, {@code max}, {@code mean} and {@code stddev} (sample
 * standard deviation, Welford's update; 0 for one value), and the range of event times seen. Estimated with
 * DataSketches (see {@code docs/statistics.md} for the error bounds): {@code distinctCount} (HLL, nulls not
 * counted), {@code quantiles} and {@code histogram} (KLL) for numeric features, {@code topValues} (frequent items)
 * for categorical ones. Numeric fields are {@code null} for categorical features and when no value was seen;
 * lists are empty then. Timestamps are summarised as epoch seconds.
 *
 * @param column      the source column summarised (the aggregated column for an aggregation, see {@code basis})
 * @param type        the feature's value type (an aggregation's input column type when {@code basis} is
 *                    {@link StatisticsBasis#AGGREGATION_INPUT})
 * @param aggregation for an aggregation, its function and window ({@code SUM over PT168H}); empty otherwise
 */
public record FeatureStats(String view, String feature, String column, ValueType type, StatisticsKind kind,
                           StatisticsBasis basis, String aggregation, long count, long nullCount, long nanCount,
                           long distinctCount, Double min, Double max, Double mean, Double stddev,
                           List<Quantile> quantiles, List<HistogramBin> histogram, List<FrequentValue> topValues,
                           Instant minEventTime, Instant maxEventTime) {
    public FeatureStats {
        requireNonNull(view, "view is null");
        requireNonNull(feature, "feature is null");
        requireNonNull(column, "column is null");
        requireNonNull(type, "type is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(basis, "basis is null");
        aggregation = aggregation == null ? "" : aggregation;
        if (count < 0 || nullCount < 0 || nanCount < 0 || distinctCount < 0 || nullCount + nanCount > count) {
            throw new IllegalArgumentException("counts of " + view + ":" + feature + " are inconsistent: count="
                    + count + " nulls=" + nullCount + " nans=" + nanCount + " distinct=" + distinctCount);
        }
        quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
        histogram = histogram == null ? List.of() : List.copyOf(histogram);
        topValues = topValues == null ? List.of() : List.copyOf(topValues);
    }

    /** The share of null values among the rows in range, 0 when there were none. */
    public double nullFraction() {
        return count == 0 ? 0 : (double) nullCount / count;
    }
}
