package dev.granary.bench.health;

import static dev.granary.registry.db.Tables.TRAINING_SETS;

import dev.granary.assembly.GranaryParts;
import dev.granary.config.GranaryConfig;
import dev.granary.health.HealthReport;
import dev.granary.health.HealthRequest;
import dev.granary.health.log.LogColumns;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.online.EntityKey;
import dev.granary.online.OnlineRow;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistrySql;
import dev.granary.serving.OnlineFeatureService;
import dev.granary.serving.OnlineQuery;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.LoggingSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code ./bench health [--quick]}.
 *
 * <p><b>Health check.</b> A service of 50 features (45 FLOAT64, 5 STRING) logs 10,000,000 rows (200,000 with
 * {@code --quick}) over the last day, written straight in the log's layout (one file per million rows); its
 * training set holds 1,000,000 rows (100,000). Five features are shifted in the log. Timed: three full
 * {@code HealthCheck.check}s (skew: the training set and the log each read once, through the health checks' row
 * limit) after one untimed check that warms the JVM; {@code seconds} is their median. Goal: under 10 s.
 *
 * <p><b>Logging overhead.</b> In process on the embedded online store, 10,000 entities: lookups of 100 rows by
 * three services of the same 50 features, one without logging, one logging 1% and one logging 100%, interleaved
 * one by one so that machine load falls on all three alike; p99 of each over 20,000 lookups (5,000 with
 * {@code --quick}) after a warm-up. Goal: 1% adds under 5% to p99. This is the lookup core both ports use, without
 * HTTP, so the overhead is relative to the core's time, a stricter base than a lookup over the network.
 *
 * <p>Last line: {@code RESULT health features=<> rows=<> seconds=<> lookup_p99_overhead_pct=<>
 * lookup_p99_overhead_100pct=<>}.
 */
public final class Benchmark {
    private static final int FLOATS = 45;
    private static final int STRINGS = 5;
    private static final int SHIFTED = 5;
    /** Timed checks after the warm-up; the RESULT gives their median (the data is generated once per run). */
    private static final int CHECKS = 3;
    private static final int ENTITIES = 10_000;
    private static final int ROWS_PER_FILE = 1_000_000;
    private static final String PROJECT = "bench_health";

    private Benchmark() {
    }

    public static void main(String[] args) throws IOException {
        boolean quick = Arrays.asList(args).contains("--quick");
        long logRows = quick ? 200_000 : 10_000_000;
        int trainingRows = quick ? 100_000 : 1_000_000;
        int lookups = quick ? 5_000 : 20_000;
        Path repo = Files.createTempDirectory("granary-bench-health");
        Instant now = Instant.now();
        List<String> features = new ArrayList<>();
        for (int f = 0; f < FLOATS; f++) {
            features.add("f" + f);
        }
        for (int s = 0; s < STRINGS; s++) {
            features.add("c" + s);
        }
        RepoSpec spec = spec(features);
        double seconds;
        double[] overhead;
        try (GranaryParts parts = GranaryParts.of(GranaryConfig.defaults(repo))) {
            Registry registry = parts.registryDatabase().registry();
            registry.apply(spec, new ApplyOptions("bench", null, false, null));

            System.err.printf(Locale.ROOT, "writing a training set of %,d rows and a log of %,d rows...%n",
                    trainingRows, logRows);
            Path training = repo.resolve("out/train.parquet");
            Files.createDirectories(training.getParent());
            ParquetTables.write(training, trainingColumns(features), rows(trainingRows, features, now, 1, false, false));
            new RegistrySql(parts.registryDatabase().dataSource()).db().insertInto(TRAINING_SETS)
                    .set(TRAINING_SETS.ID, "bench").set(TRAINING_SETS.PROJECT, PROJECT)
                    .set(TRAINING_SETS.SPEC_VERSION, 1)
                    .set(TRAINING_SETS.FEATURES, String.join(",", features.stream().map(f -> "bench:" + f).toList()))
                    .set(TRAINING_SETS.ENTITY_FINGERPRINT, "bench").set(TRAINING_SETS.ROW_COUNT, (long) trainingRows)
                    .set(TRAINING_SETS.OUTPUT_PATH, training.toString())
                    .set(TRAINING_SETS.CREATED_AT, now.atOffset(ZoneOffset.UTC)).execute();
            writeLog(repo, features, logRows, now);

            var check = parts.healthCheck(registry);
            HealthRequest request = new HealthRequest(PROJECT, "logged", "bench", Duration.ofDays(1), null);
            check.check(request); // warm-up
            double[] times = new double[CHECKS];
            for (int i = 0; i < CHECKS; i++) {
                long start = System.nanoTime();
                HealthReport report = check.check(request);
                times[i] = (System.nanoTime() - start) / 1e9;
                long alerting = report.features().stream().filter(f -> f.status().text().equals("alert")).count();
                System.err.printf(Locale.ROOT, "health check %d: %.2f s, %d of %d features alerting (%d shifted)%n",
                        i + 1, times[i], alerting, report.features().size(), SHIFTED);
            }
            Arrays.sort(times);
            seconds = times[CHECKS / 2];

            overhead = loggingOverhead(parts, registry, spec, features, lookups, now);
        }
        // after closing: the registry's pool logs its shutdown, and the RESULT line must come last
        System.out.printf(Locale.ROOT, "RESULT health features=%d rows=%d seconds=%.2f lookup_p99_overhead_pct=%.1f"
                + " lookup_p99_overhead_100pct=%.1f%n", features.size(), logRows, seconds, overhead[0], overhead[1]);
    }

    private static RepoSpec spec(List<String> features) {
        List<FeatureSpec> specs = features.stream()
                .map(f -> new FeatureSpec(f, f.startsWith("c") ? ValueType.STRING : ValueType.FLOAT64)).toList();
        SourceSpec source = new SourceSpec("src", "data/src.parquet", "event_timestamp", null);
        FeatureViewSpec view = new FeatureViewSpec("bench", List.of("e"), "src", 0, true, specs, List.of(), "",
                Map.of(), "");
        List<String> refs = features.stream().map(f -> "bench:" + f).toList();
        return new RepoSpec(PROJECT, List.of(new EntitySpec("e", List.of(new JoinKey("id", ValueType.INT64)), "")),
                List.of(source), List.of(view), List.of(
                new FeatureServiceSpec("logged", refs, "", Map.of(), "", new LoggingSpec(1.0, "bench_logs"), List.of()),
                new FeatureServiceSpec("plain", refs, "", Map.of(), "", null, List.of()),
                new FeatureServiceSpec("one_percent", refs, "", Map.of(), "", new LoggingSpec(0.01, "bench_lookups"),
                        List.of()),
                new FeatureServiceSpec("every", refs, "", Map.of(), "", new LoggingSpec(1.0, "bench_lookups"),
                        List.of())));
    }

    private static List<Column> trainingColumns(List<String> features) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("id", ValueType.INT64));
        columns.add(new Column("event_timestamp", ValueType.TIMESTAMP));
        features.forEach(f -> columns.add(new Column(f, f.startsWith("c") ? ValueType.STRING : ValueType.FLOAT64)));
        return columns;
    }

    /** Rows generated as they are written: id, time, the features (the first {@link #SHIFTED} shifted when asked). */
    private static Iterable<Object[]> rows(long count, List<String> features, Instant now, long seed, boolean shifted,
                                           boolean log) {
        return () -> new Iterator<>() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public Object[] next() {
                int width = (log ? 4 : 2) + features.size() * (log ? 2 : 1);
                Object[] row = new Object[width];
                int c = 0;
                Instant t = now.minusMillis(1 + random.nextLong(Duration.ofHours(23).toMillis()));
                if (log) {
                    row[c++] = t;
                    row[c++] = "logged";
                    row[c++] = 1;
                    row[c++] = random.nextLong(ENTITIES);
                } else {
                    row[c++] = i;
                    row[c++] = now.minus(Duration.ofDays(3));
                }
                for (int f = 0; f < features.size(); f++) {
                    if (f < FLOATS) {
                        double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                                * Math.cos(2 * Math.PI * random.nextDouble());
                        row[c++] = shifted && f < SHIFTED ? z + 1 : z;
                    } else {
                        row[c++] = "cat-" + random.nextInt(20);
                    }
                }
                if (log) {
                    for (int f = 0; f < features.size(); f++) {
                        row[c++] = "PRESENT";
                    }
                }
                i++;
                return row;
            }
        };
    }

    private static void writeLog(Path repo, List<String> features, long rows, Instant now) throws IOException {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(LogColumns.REQUEST_TIME, ValueType.TIMESTAMP));
        columns.add(new Column(LogColumns.FEATURE_SERVICE, ValueType.STRING));
        columns.add(new Column(LogColumns.SPEC_VERSION, ValueType.INT32));
        columns.add(new Column("id", ValueType.INT64));
        features.forEach(f -> columns.add(new Column(f, f.startsWith("c") ? ValueType.STRING : ValueType.FLOAT64)));
        features.forEach(f -> columns.add(new Column(LogColumns.status(f), ValueType.STRING)));
        String hour = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH", Locale.ROOT).withZone(ZoneOffset.UTC)
                .format(now);
        Path dir = repo.resolve("bench_logs").resolve(LogColumns.serviceFolder("logged")).resolve("hour=" + hour);
        Files.createDirectories(dir);
        for (long written = 0, part = 0; written < rows; written += ROWS_PER_FILE, part++) {
            long n = Math.min(ROWS_PER_FILE, rows - written);
            ParquetTables.write(dir.resolve("part-" + part + ".parquet"), columns,
                    rows(n, features, now, 100 + part, true, true));
        }
    }

    /** p99 overhead (percent) of logging at 1% and at 100% over lookups without logging. */
    private static double[] loggingOverhead(GranaryParts parts, Registry registry, RepoSpec spec,
                                            List<String> features, int lookups, Instant now) {
        FeatureViewSpec view = spec.featureView("bench").orElseThrow();
        List<OnlineRow> rows = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (long id = 0; id < ENTITIES; id++) {
            List<Object> values = new ArrayList<>();
            for (String f : features) {
                values.add(f.startsWith("c") ? "cat-" + random.nextInt(20) : random.nextDouble());
            }
            rows.add(new OnlineRow(EntityKey.of(id), now.minusSeconds(60), values));
        }
        parts.onlineStore().write(PROJECT, view, features, rows);
        OnlineFeatureService service = parts.onlineFeatures(registry, PROJECT);
        // two phases, each against lookups without logging: the 100% writer's work must not slow the 1% phase
        double[] onePercent = compare(service, "one_percent", lookups, random);
        double[] every = compare(service, "every", lookups, random);
        service.close();
        System.err.printf(Locale.ROOT, "lookup p99 (100 rows, in process): plain %.3f ms, 1%% %.3f ms; plain %.3f ms,"
                        + " 100%% %.3f ms; log counters %s%n", onePercent[0] / 1e6, onePercent[1] / 1e6,
                every[0] / 1e6, every[1] / 1e6, parts.featureLog().counters());
        return new double[] {100 * (onePercent[1] - onePercent[0]) / onePercent[0],
                100 * (every[1] - every[0]) / every[0]};
    }

    /** p99 nanos of lookups by {@code plain} and by {@code logged}, interleaved one by one after a warm-up round. */
    private static double[] compare(OnlineFeatureService service, String logged, int lookups, SplittableRandom random) {
        String[] services = {"plain", logged};
        long[][] nanos = new long[2][lookups];
        for (int round = 0; round < 2; round++) { // the first round warms up
            for (int i = 0; i < lookups; i++) {
                List<Object> ids = new ArrayList<>(100);
                for (int r = 0; r < 100; r++) {
                    ids.add(random.nextLong(ENTITIES));
                }
                for (int s = 0; s < 2; s++) {
                    int which = (i + s) % 2; // alternate the order so neither always goes first
                    long start = System.nanoTime();
                    service.lookup(OnlineQuery.service(services[which], Map.of("id", ids)));
                    nanos[which][i] = System.nanoTime() - start;
                }
            }
        }
        return new double[] {p99(nanos[0]), p99(nanos[1])};
    }

    private static double p99(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
    }
}
