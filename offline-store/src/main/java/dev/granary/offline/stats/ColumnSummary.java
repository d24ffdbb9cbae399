package dev.granary.offline.stats;

import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Accumulates one column's values in one pass and bounded memory: exact counts and Welford moments, an HLL
 * sketch for the distinct count, and a KLL sketch (numeric) or a frequent-items sketch (categorical).
 */
final class ColumnSummary {
    /** KLL accuracy parameter: normalised rank error about 1.65% (99% confidence) whatever the data size. */
    static final int KLL_K = 200;
    /** HLL: 2^12 buckets, relative standard error about 1.6%. */
    static final int HLL_LG_K = 12;
    /** Frequent items: error at most 3.5/1024 of the stream length. */
    static final int ITEMS_MAX_MAP_SIZE = 1024;
    static final double[] RANKS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    static final int BINS = 20;
    static final int TOP_VALUES = 10;
    /** Numbers handed to the KLL sketch in bulk: its array update costs far less per value than one by one. */
    private static final int PENDING = 4096;
    private static final int MAX_TEXT = 256;
    private static final int MAX_BYTES = 64;

    final ValueType type;
    final StatisticsKind kind;
    /** Null when the pass does not estimate distinct counts ({@link StatisticsSampling#distinct()}). */
    private HllSketch distinct;
    private final KllDoublesSketch quantiles;
    private final double[] pending;
    private int pendingCount;
    private final ItemsSketch<String> items;
    private long count;
    private long nulls;
    private long nans;
    private long values;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    ColumnSummary(ValueType type) {
        this(type, true);
    }

    ColumnSummary(ValueType type, boolean distinctCount) {
        this.type = type;
        this.distinct = distinctCount ? new HllSketch(HLL_LG_K) : null;
        this.kind = StatisticsKind.of(type);
        this.quantiles = kind == StatisticsKind.NUMERIC ? KllDoublesSketch.newHeapInstance(KLL_K) : null;
        this.pending = kind == StatisticsKind.NUMERIC ? new double[PENDING] : null;
        this.items = kind == StatisticsKind.CATEGORICAL ? new ItemsSketch<>(ITEMS_MAX_MAP_SIZE) : null;
    }

    void addNull() {
        count++;
        nulls++;
    }

    /** An integral value (INT32, INT64). */
    void addLong(long v) {
        count++;
        if (distinct != null) {
            distinct.update(v);
        }
        addNumber(v);
    }

    /** A floating-point value or a timestamp in epoch seconds. */
    void addDouble(double v) {
        count++;
        if (Double.isNaN(v)) {
            nans++;
            return;
        }
        if (distinct != null) {
            distinct.update(v);
        }
        addNumber(v);
    }

    void addBoolean(boolean v) {
        addText(v ? "true" : "false");
    }

    void addText(String v) {
        count++;
        values++;
        if (distinct != null) {
            distinct.update(v);
        }
        items.update(v.length() > MAX_TEXT ? v.substring(0, MAX_TEXT) : v);
    }

    void addBytes(byte[] v) {
        count++;
        values++;
        if (distinct != null) {
            distinct.update(v);
        }
        StringBuilder hex = new StringBuilder(2 + 2 * Math.min(v.length, MAX_BYTES)).append("0x");
        for (int i = 0; i < Math.min(v.length, MAX_BYTES); i++) {
            hex.append(Character.forDigit((v[i] >> 4) & 0xF, 16)).append(Character.forDigit(v[i] & 0xF, 16));
        }
        items.update(hex.toString());
    }

    private void addNumber(double v) {
        values++;
        double delta = v - mean;
        mean += delta / values;
        m2 += delta * (v - mean);
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
        pending[pendingCount++] = v;
        if (pendingCount == PENDING) {
            flush();
        }
    }

    /** Hands the numbers still pending to the KLL sketch; before the sketch is read or merged. */
    private void flush() {
        if (pendingCount > 0) {
            quantiles.update(pending, 0, pendingCount);
            pendingCount = 0;
        }
    }

    /**
     * Adds what {@code other} (a summary of the same column over other rows) accumulated: counts, the moments
     * (Chan et al.'s pairwise update), extremes and sketches. {@code other} is not to be used afterwards.
     */
    void merge(ColumnSummary other) {
        count += other.count;
        nulls += other.nulls;
        nans += other.nans;
        if (kind == StatisticsKind.NUMERIC && other.values > 0) {
            long n = values + other.values;
            double delta = other.mean - mean;
            m2 += other.m2 + delta * delta * ((double) values * other.values / n);
            mean += delta * other.values / n;
        }
        values += other.values;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (distinct != null) {
            Union union = new Union(HLL_LG_K);
            union.update(distinct);
            union.update(other.distinct);
            distinct = union.getResult();
        }
        if (quantiles != null) {
            flush();
            other.flush();
            quantiles.merge(other.quantiles);
        }
        if (items != null) {
            items.merge(other.items);
        }
    }

    /** As {@link #toStats}, with this column's sketches. */
    FeatureProfile toProfile(String view, String feature, String column, ValueType featureType, StatisticsBasis basis,
                             String aggregation, java.time.Instant minEvent, java.time.Instant maxEvent) {
        if (quantiles != null) {
            flush();
        }
        return new FeatureProfile(toStats(view, feature, column, featureType, basis, aggregation, minEvent, maxEvent),
                quantiles, items);
    }

    /** The statistics of one feature reading this column; event times are in epoch micros or absent (null). */
    FeatureStats toStats(String view, String feature, String column, ValueType featureType, StatisticsBasis basis,
                         String aggregation, java.time.Instant minEvent, java.time.Instant maxEvent) {
        if (quantiles != null) {
            flush();
        }
        // never more distinct values than values: the estimate may overshoot a small count
        long distinctCount = distinct == null ? 0 : Math.min(values, Math.round(distinct.getEstimate()));
        if (kind == StatisticsKind.CATEGORICAL) {
            return new FeatureStats(view, feature, column, featureType, kind, basis, aggregation, count, nulls, nans,
                    distinctCount, null, null, null, null, List.of(), List.of(), topValues(), minEvent, maxEvent);
        }
        if (values == 0) {
            return new FeatureStats(view, feature, column, featureType, kind, basis, aggregation, count, nulls, nans,
                    0, null, null, null, null, List.of(), List.of(), List.of(), minEvent, maxEvent);
        }
        double stddev = values < 2 ? 0 : Math.sqrt(m2 / (values - 1));
        return new FeatureStats(view, feature, column, featureType, kind, basis, aggregation, count, nulls, nans,
                distinctCount, min, max, mean, stddev, quantileList(), histogram(), List.of(), minEvent, maxEvent);
    }

    private List<Quantile> quantileList() {
        double[] qs = quantiles.getQuantiles(RANKS, QuantileSearchCriteria.INCLUSIVE);
        List<Quantile> out = new ArrayList<>(qs.length);
        for (int i = 0; i < qs.length; i++) {
            out.add(new Quantile(RANKS[i], qs[i]));
        }
        return out;
    }

    /**
     * {@value #BINS} equal-width bins from min to max; an integral column with at most {@value #BINS} distinct
     * integers in its range gets one bin per integer instead, so no bin straddles two values.
     */
    private List<HistogramBin> histogram() {
        if (min == max) {
            return List.of(new HistogramBin(min, max, values));
        }
        boolean integral = type == ValueType.INT32 || type == ValueType.INT64;
        int bins = integral && max - min + 1 <= BINS ? (int) (max - min + 1) : BINS;
        double width = integral && bins < BINS ? 1 : (max - min) / bins;
        double[] edges = new double[bins - 1];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = min + (i + 1) * width;
        }
        // split points must be strictly increasing and inside (min, max]; rounding of tiny widths could break that
        double[] splits = Arrays.stream(edges).filter(e -> e > min && e <= max).distinct().toArray();
        // EXCLUSIVE: mass of [split_i, split_i+1), so a value equal to a bin's lower edge falls in that bin
        double[] pmf = quantiles.getPMF(splits, QuantileSearchCriteria.EXCLUSIVE);
        List<HistogramBin> out = new ArrayList<>(bins);
        for (int i = 0; i < pmf.length; i++) {
            double lower = i == 0 ? min : splits[i - 1];
            double upper = i == pmf.length - 1 ? (integral && bins < BINS ? max + 1 : max) : splits[i];
            out.add(new HistogramBin(lower, upper, Math.round(pmf[i] * values)));
        }
        return out;
    }

    private List<FrequentValue> topValues() {
        List<ItemsSketch.Row<String>> rows = new ArrayList<>(List.of(items.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)));
        // most frequent first; ties by value so the answer does not depend on hash order
        rows.sort(java.util.Comparator.<ItemsSketch.Row<String>>comparingLong(ItemsSketch.Row::getEstimate).reversed()
                .thenComparing(ItemsSketch.Row::getItem));
        List<FrequentValue> out = new ArrayList<>();
        for (ItemsSketch.Row<String> row : rows) {
            if (out.size() == TOP_VALUES) {
                break;
            }
            out.add(new FrequentValue(row.getItem(), row.getEstimate(), row.getLowerBound(), row.getUpperBound()));
        }
        return out;
    }
}
