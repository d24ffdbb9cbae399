package dev.granary.offline.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.granary.offline.OfflineStoreException;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.offline.ProgressListener;
import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStatisticsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<Column> COLUMNS = List.of(new Column("driver_id", ValueType.INT64),
            new Column("event_timestamp", ValueType.TIMESTAMP), new Column("rate", ValueType.FLOAT64),
            new Column("trips", ValueType.INT64), new Column("city", ValueType.STRING),
            new Column("active", ValueType.BOOL));

    @TempDir
    Path root;

    private static RepoSpec spec() {
        FeatureViewSpec view = new FeatureViewSpec("driver_stats", List.of("driver"), "hourly", 0, true,
                List.of(new FeatureSpec("rate", ValueType.FLOAT64), new FeatureSpec("trips", ValueType.INT64),
                        new FeatureSpec("home_city", ValueType.STRING, "city", ""),
                        new FeatureSpec("active", ValueType.BOOL)),
                List.of(new AggregationSpec("trips_7d", AggregationFunction.SUM, "trips", 7 * 86_400, "")),
                "", null, "");
        return new RepoSpec("test", List.of(new EntitySpec("driver", List.of(new JoinKey("driver_id", ValueType.INT64)), "")),
                List.of(new SourceSpec("hourly", "hourly.parquet", "event_timestamp", null)), List.of(view), List.of());
    }

    private Map<String, FeatureStats> compute(Instant start, Instant end) {
        RepoSpec spec = spec();
        return FeatureStatistics.compute(spec, spec.featureViews().getFirst(), start, end, root, ProgressListener.NONE)
                .stream().collect(Collectors.toMap(FeatureStats::feature, s -> s));
    }

    private static Object[] row(long id, long second, Double rate, Long trips, String city, Boolean active) {
        return new Object[] {id, T0.plusSeconds(second), rate, trips, city, active};
    }

    @Test
    void smallDataGetsExactCountsMomentsDistinctAndTopValues() {
        List<Object[]> rows = List.of(
                row(1, 0, 0.5, 3L, "paris", true),
                row(2, 10, null, 5L, "paris", false),
                row(3, 20, 0.25, null, "lyon", true),
                row(4, 30, 1.0, 3L, null, true),
                row(5, 40, Double.NaN, 7L, "paris", null),
                row(6, 50, 0.75, 2L, "nice", true),
                new Object[] {7L, null, 99.0, 99L, "ignored", false}); // no event time: ignored
        ParquetTables.write(root.resolve("hourly.parquet"), COLUMNS, rows);

        Map<String, FeatureStats> stats = compute(null, null);

        double[] rates = {0.5, 0.25, 1.0, 0.75};
        double mean = Arrays.stream(rates).average().orElseThrow();
        double sampleVar = Arrays.stream(rates).map(r -> (r - mean) * (r - mean)).sum() / (rates.length - 1);
        FeatureStats rate = stats.get("rate");
        assertThat(rate.kind()).isEqualTo(StatisticsKind.NUMERIC);
        assertThat(rate.basis()).isEqualTo(StatisticsBasis.SOURCE_COLUMN);
        assertThat(rate.count()).isEqualTo(6);
        assertThat(rate.nullCount()).isEqualTo(1);
        assertThat(rate.nanCount()).isEqualTo(1);
        assertThat(rate.distinctCount()).isEqualTo(4);
        assertThat(rate.min()).isEqualTo(0.25);
        assertThat(rate.max()).isEqualTo(1.0);
        assertThat(rate.mean()).isCloseTo(mean, within(1e-12));
        assertThat(rate.stddev()).isCloseTo(Math.sqrt(sampleVar), within(1e-12));
        assertThat(rate.quantiles()).extracting(Quantile::rank).containsExactly(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99);
        assertThat(rate.histogram()).hasSize(ColumnSummary.BINS);
        assertThat(rate.histogram().stream().mapToLong(HistogramBin::count).sum()).isEqualTo(4);
        assertThat(rate.minEventTime()).isEqualTo(T0);
        assertThat(rate.maxEventTime()).isEqualTo(T0.plusSeconds(50));

        FeatureStats trips = stats.get("trips");
        assertThat(trips.nullCount()).isEqualTo(1);
        assertThat(trips.distinctCount()).isEqualTo(4); // 3, 5, 7, 2
        assertThat(trips.min()).isEqualTo(2.0);
        assertThat(trips.max()).isEqualTo(7.0);
        assertThat(trips.mean()).isCloseTo((3 + 5 + 3 + 7 + 2) / 5.0, within(1e-12));
        // integers 2..7: one bin per integer, each count exact
        assertThat(trips.histogram()).hasSize(6);
        assertThat(trips.histogram()).extracting(HistogramBin::lower).containsExactly(2.0, 3.0, 4.0, 5.0, 6.0, 7.0);
        assertThat(trips.histogram()).extracting(HistogramBin::count).containsExactly(1L, 2L, 0L, 1L, 0L, 1L);

        FeatureStats city = stats.get("home_city");
        assertThat(city.column()).isEqualTo("city");
        assertThat(city.kind()).isEqualTo(StatisticsKind.CATEGORICAL);
        assertThat(city.nullCount()).isEqualTo(1);
        assertThat(city.distinctCount()).isEqualTo(3);
        assertThat(city.min()).isNull();
        assertThat(city.quantiles()).isEmpty();
        assertThat(city.topValues()).extracting(FrequentValue::value).containsExactly("paris", "lyon", "nice");
        assertThat(city.topValues()).extracting(FrequentValue::estimate).containsExactly(3L, 1L, 1L);
        assertThat(city.topValues().getFirst().lowerBound()).isEqualTo(3);

        FeatureStats active = stats.get("active");
        assertThat(active.kind()).isEqualTo(StatisticsKind.CATEGORICAL);
        assertThat(active.topValues()).extracting(FrequentValue::value).containsExactly("true", "false");
        assertThat(active.topValues()).extracting(FrequentValue::estimate).containsExactly(4L, 1L);

        FeatureStats trips7d = stats.get("trips_7d");
        assertThat(trips7d.basis()).isEqualTo(StatisticsBasis.AGGREGATION_INPUT);
        assertThat(trips7d.column()).isEqualTo("trips");
        assertThat(trips7d.aggregation()).startsWith("SUM");
        assertThat(trips7d.mean()).isEqualTo(trips.mean());
    }

    @Test
    void onlyRowsInsideTheTimeRangeCount() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(row(i, i * 60L, (double) i, (long) i, "c" + (i % 7), i % 2 == 0));
        }
        ParquetTables.write(root.resolve("hourly.parquet"), COLUMNS, rows);

        Map<String, FeatureStats> stats = compute(T0.plusSeconds(10 * 60), T0.plusSeconds(19 * 60));

        FeatureStats rate = stats.get("rate");
        assertThat(rate.count()).isEqualTo(10); // both ends included
        assertThat(rate.min()).isEqualTo(10.0);
        assertThat(rate.max()).isEqualTo(19.0);
        assertThat(rate.mean()).isEqualTo(14.5);
        assertThat(rate.minEventTime()).isEqualTo(T0.plusSeconds(600));
        assertThat(rate.maxEventTime()).isEqualTo(T0.plusSeconds(19 * 60));
    }

    @Test
    void largeDataStaysWithinTheSketchesDocumentedError() {
        int n = 1_000_000;
        Random random = new Random(42);
        double[] rates = new double[n];
        long[] trips = new long[n];
        String[] cities = new String[n];
        List<Object[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rates[i] = random.nextGaussian() * 10 + 50;
            trips[i] = random.nextInt(300_000);
            // skewed categories: c0 is most frequent, then c1, ...
            cities[i] = "c" + (int) Math.floor(Math.abs(random.nextGaussian()) * 20);
            rows.add(row(i, i, rates[i], trips[i], cities[i], i % 3 == 0));
        }
        ParquetTables.write(root.resolve("hourly.parquet"), COLUMNS, rows);
        AtomicLong lastDone = new AtomicLong();

        RepoSpec spec = spec();
        Map<String, FeatureStats> stats = FeatureStatistics.compute(spec, spec.featureViews().getFirst(), null, null,
                root, (phase, done, total) -> lastDone.set(done)).stream()
                .collect(Collectors.toMap(FeatureStats::feature, s -> s));
        assertThat(lastDone.get()).isEqualTo(n);

        // exact parts stay exact
        FeatureStats rate = stats.get("rate");
        assertThat(rate.count()).isEqualTo(n);
        assertThat(rate.min()).isEqualTo(Arrays.stream(rates).min().orElseThrow());
        assertThat(rate.max()).isEqualTo(Arrays.stream(rates).max().orElseThrow());
        assertThat(rate.mean()).isCloseTo(Arrays.stream(rates).average().orElseThrow(), within(1e-9));

        // KLL k=200: normalised rank error <= 1.65% (99% confidence)
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        for (Quantile q : rate.quantiles()) {
            double trueRank = rankOf(sorted, q.value());
            assertThat(trueRank).as("rank of the estimated p%s", q.rank() * 100).isCloseTo(q.rank(), within(0.0165));
        }
        // histogram counts: each bin's mass within the same rank error
        for (HistogramBin bin : rate.histogram()) {
            long exact = Arrays.stream(rates).filter(v -> v >= bin.lower()
                    && (v < bin.upper() || bin.upper() == rate.max() && v == bin.upper())).count();
            assertThat((double) bin.count()).isCloseTo(exact, within(0.0165 * n));
        }

        // HLL lgK=12: relative standard error 1.6%; within 3 standard errors
        long exactDistinct = Arrays.stream(trips).distinct().count();
        assertThat((double) stats.get("trips").distinctCount()).isCloseTo(exactDistinct, within(3 * 0.0163 * exactDistinct));

        // frequent items: the top values are the true top values, each true count inside its bounds
        Map<String, Long> exactCounts = new HashMap<>();
        for (String c : cities) {
            exactCounts.merge(c, 1L, Long::sum);
        }
        List<String> trueTop = exactCounts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(5).map(Map.Entry::getKey).toList();
        FeatureStats city = stats.get("home_city");
        assertThat(city.topValues()).hasSize(10);
        assertThat(city.topValues().subList(0, 5)).extracting(FrequentValue::value).containsExactlyElementsOf(trueTop);
        for (FrequentValue v : city.topValues()) {
            long exact = exactCounts.get(v.value());
            assertThat(exact).isBetween(v.lowerBound(), v.upperBound());
        }
        assertThat(city.distinctCount()).isEqualTo(new HashSet<>(exactCounts.keySet()).size());
    }

    /** Eight files of 1,000 rows in the source's folder: file {@code f} has trips {@code f} and city "c" + f. */
    private double[] writeEightFiles() throws java.io.IOException {
        java.nio.file.Files.createDirectories(root.resolve("hourly.parquet"));
        Random random = new Random(42);
        double[] rates = new double[8000];
        for (int f = 0; f < 8; f++) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                double rate = random.nextGaussian() * 3 + f;
                rates[f * 1000 + i] = rate;
                rows.add(row(i, f * 1000L + i, rate, (long) f, "c" + f, i % 2 == 0));
            }
            ParquetTables.write(root.resolve("hourly.parquet/part-" + f + ".parquet"), COLUMNS, rows);
        }
        return rates;
    }

    @Test
    void rowGroupsReadInParallelMergeToTheExactCountsAndMoments() throws Exception {
        double[] rates = writeEightFiles();

        Map<String, FeatureStats> stats = compute(null, null);

        FeatureStats rate = stats.get("rate");
        double mean = Arrays.stream(rates).average().orElseThrow();
        double variance = Arrays.stream(rates).map(r -> (r - mean) * (r - mean)).sum() / (rates.length - 1);
        assertThat(rate.count()).isEqualTo(8000);
        assertThat(rate.mean()).isCloseTo(mean, within(1e-9));
        assertThat(rate.stddev()).isCloseTo(Math.sqrt(variance), within(1e-9));
        assertThat(rate.min()).isEqualTo(Arrays.stream(rates).min().orElseThrow());
        assertThat(rate.max()).isEqualTo(Arrays.stream(rates).max().orElseThrow());
        assertThat(stats.get("trips").distinctCount()).isEqualTo(8);
        assertThat(stats.get("home_city").topValues()).extracting(FrequentValue::estimate).containsOnly(1000L);
        assertThat(stats.get("home_city").topValues()).hasSize(8);
    }

    @Test
    void pastTheRowLimitRowGroupsSpreadEvenlyAreRead() throws Exception {
        writeEightFiles();
        RepoSpec spec = spec();

        Map<String, FeatureStats> stats = FeatureStatistics.profile(spec, spec.featureViews().getFirst(), null, null,
                        root, ProgressListener.NONE, new StatisticsSampling(2500, false)).stream()
                .map(FeatureProfile::stats).collect(Collectors.toMap(FeatureStats::feature, s -> s));

        // the fewest of the eight spread evenly that reach 2,500 rows: three, at the middles of thirds
        assertThat(stats.get("rate").count()).isEqualTo(3000);
        assertThat(stats.get("home_city").topValues()).extracting(FrequentValue::value)
                .containsExactlyInAnyOrder("c1", "c4", "c6");
        assertThat(stats.get("trips").distinctCount()).as("not estimated").isZero();
        assertThat(stats.get("trips").min()).isEqualTo(1.0);
        assertThat(stats.get("trips").max()).isEqualTo(6.0);
    }

    @Test
    void aMissingColumnIsReportedByName() {
        ParquetTables.write(root.resolve("hourly.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("rate", ValueType.FLOAT64)),
                List.<Object[]>of(new Object[] {1L, T0, 0.5}));

        assertThatThrownBy(() -> compute(null, null)).isInstanceOf(OfflineStoreException.class)
                .hasMessageContaining("'trips'");
    }

    @Test
    void startAfterEndIsRejected() {
        assertThatThrownBy(() -> compute(T0.plusSeconds(1), T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("swap");
    }

    /** Fraction of values <= v. */
    private static double rankOf(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) lo / sorted.length;
    }

}
