package dev.granary.offline.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.offline.ExportRequest;
import dev.granary.offline.ExportResult;
import dev.granary.offline.OfflineEngine;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.offline.ProgressListener;
import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureRef;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine against a real standalone cluster ({@link StandaloneCluster}: a Master and a Worker, separate
 * JVMs on loopback), its exports compared row for row with the in-process engine's. Runs in its own test JVM
 * (offline-spark forks one per test class): a JVM holds one Spark context, and the contract suite's is
 * {@code local[2]}.
 */
class StandaloneClusterTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    static Path clusterDir;
    @TempDir
    Path dir;

    private static StandaloneCluster cluster;
    private static SparkOfflineEngine engine;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(clusterDir, 2, "1g");
        try {
            engine = SparkOfflineEngine.start(new SparkSettings(cluster.masterUrl(), Map.of(
                    "spark.driver.host", "127.0.0.1",
                    "spark.driver.bindAddress", "127.0.0.1",
                    "spark.executor.memory", "512m",
                    // without the engine's own classes: the engine ships them to the executors (spark.jars)
                    "spark.executor.extraClassPath", StandaloneCluster.executorClasspathWithoutEngine(),
                    "spark.sql.shuffle.partitions", "3",
                    // small data, as TestSpark: compiling generated code costs more than running it on a few rows
                    "spark.sql.codegen.wholeStage", "false",
                    "spark.sql.adaptive.enabled", "false",
                    "spark.local.dir", clusterDir.resolve("driver-tmp").toString())));
            awaitExecutor(engine.session());
        } catch (Exception | Error e) {
            stopCluster();
            throw new IllegalStateException("the standalone cluster did not run an executor: " + e.getMessage()
                    + "\n" + cluster.logs(), e);
        }
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (engine != null) {
                engine.session().stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
                assertThat(cluster.alive()).as("cluster processes left running").isEmpty();
            }
        }
    }

    private static void awaitExecutor(SparkSession spark) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        // the driver counts as one executor in the status tracker
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no executor registered within 60 s");
            }
            Thread.sleep(250);
        }
    }

    @Test
    void exportOnTheClusterMatchesTheInProcessEngineOnTheContractFixtures() {
        // the contract suite's fixtures in one export: views keyed by different entities and a composite key, a TTL
        // boundary, created-time and file-order ties across two files, a window aggregation, duplicate, null and
        // unknown entity keys
        var driverStats = List.of(new Column("driver_id", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP),
                new Column("created", ValueType.TIMESTAMP), new Column("rate", ValueType.FLOAT64));
        Path stats = dir.resolve("stats");
        stats.toFile().mkdirs();
        ParquetTables.write(stats.resolve("b.parquet"), driverStats, rows(
                row(1L, at(10), at(40), 0.2), row(3L, at(0), at(0), 0.7)));
        ParquetTables.write(stats.resolve("a.parquet"), driverStats, rows(
                row(1L, at(10), at(40), 0.1), row(2L, at(10), at(50), 0.9), row(2L, at(10), at(40), 0.3),
                row(3L, at(-1), at(0), 0.6)));
        ParquetTables.write(dir.resolve("c.parquet"), List.of(new Column("customer_id", ValueType.STRING),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("spend", ValueType.INT64)),
                rows(row("x", at(1), 10L), row("y", at(1), 20L), row("y", at(30), null)));
        ParquetTables.write(dir.resolve("r.parquet"), List.of(new Column("city", ValueType.STRING),
                new Column("zone", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP),
                new Column("demand", ValueType.INT32)),
                rows(row("paris", 1L, at(0), 5), row("paris", 2L, at(1), 7), row("rome", 1L, at(10), 11),
                        row("rome", 1L, at(20), 13), row("rome", 1L, at(9), null)));
        EntitySpec driver = new EntitySpec("driver", List.of(new JoinKey("driver_id", ValueType.INT64)), "");
        EntitySpec customer = new EntitySpec("customer", List.of(new JoinKey("customer_id", ValueType.STRING)), "");
        EntitySpec route = new EntitySpec("route", List.of(new JoinKey("city", ValueType.STRING),
                new JoinKey("zone", ValueType.INT64)), "");
        RepoSpec spec = new RepoSpec("cluster", List.of(driver, customer, route),
                List.of(new SourceSpec("stats", "stats", "event_timestamp", "created"),
                        new SourceSpec("c", "c.parquet", "event_timestamp", null),
                        new SourceSpec("r", "r.parquet", "event_timestamp", null)),
                List.of(view("drivers", "stats", "driver", 3600, List.of(new FeatureSpec("rate", ValueType.FLOAT64)), List.of()),
                        view("customers", "c", "customer", 0, List.of(new FeatureSpec("spend", ValueType.INT64)), List.of()),
                        view("routes", "r", "route", 0, List.of(), List.of(
                                new AggregationSpec("n", AggregationFunction.COUNT, "demand", 10, ""),
                                new AggregationSpec("total", AggregationFunction.SUM, "demand", 10, "")))),
                List.of());
        Path entities = dir.resolve("entities.parquet");
        ParquetTables.write(entities, List.of(new Column("driver_id", ValueType.INT64),
                new Column("customer_id", ValueType.STRING), new Column("city", ValueType.STRING),
                new Column("zone", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP)),
                rows(row(1L, "x", "rome", 1L, at(10)), row(2L, "y", "paris", 2L, at(11)), row(2L, "y", "rome", 1L, at(20)),
                        row(3L, "z", "rome", 1L, at(3600)), row(3L, "y", "paris", 1L, at(3601)),
                        row(null, null, null, null, at(5)), row(9L, "y", "rome", 1L, null), row(1L, "x", "rome", 1L, at(10))));
        var table = compare(spec, entities, true, "drivers:rate", "customers:spend", "routes:n", "routes:total");
        // the fixtures' answers, so the comparison cannot pass on two equally empty outputs
        assertThat(table.rows()).hasSize(8);
        int rate = table.columnIndex("drivers__rate");
        assertThat(table.rows().stream().map(r -> r[rate]).toList())
                .containsExactly(0.2, 0.9, 0.9, 0.7, null, null, null, 0.2);
        int total = table.columnIndex("routes__total");
        assertThat(table.rows().stream().map(r -> r[total]).toList())
                .containsExactly(11L, null, 13L, null, null, null, null, 11L);
    }

    @Test
    void randomDataOverSeveralPartitionsMatchesTheInProcessEngine() {
        Random rnd = new Random(7);
        List<Object[]> source = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            source.add(row((long) rnd.nextInt(500), at(rnd.nextInt(10_000)), at(rnd.nextInt(3)),
                    rnd.nextInt(10) == 0 ? null : (double) rnd.nextInt(1000), (long) rnd.nextInt(100)));
        }
        var columns = List.of(new Column("driver_id", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP),
                new Column("created", ValueType.TIMESTAMP), new Column("rate", ValueType.FLOAT64),
                new Column("trips", ValueType.INT64));
        Path folder = dir.resolve("events");
        folder.toFile().mkdirs();
        ParquetTables.write(folder.resolve("part-0.parquet"), columns, source.subList(0, 12_000));
        ParquetTables.write(folder.resolve("part-1.parquet"), columns, source.subList(12_000, source.size()));
        List<Object[]> entityRows = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            entityRows.add(row((long) i, (long) rnd.nextInt(600), at(rnd.nextInt(11_000))));
        }
        Path entities = dir.resolve("entities.parquet");
        ParquetTables.write(entities, List.of(new Column("row_id", ValueType.INT64),
                new Column("driver_id", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP)), entityRows);
        EntitySpec driver = new EntitySpec("driver", List.of(new JoinKey("driver_id", ValueType.INT64)), "");
        RepoSpec spec = new RepoSpec("cluster", List.of(driver),
                List.of(new SourceSpec("events", "events", "event_timestamp", "created")),
                List.of(view("latest", "events", "driver", 2_000, List.of(new FeatureSpec("rate", ValueType.FLOAT64)), List.of()),
                        view("recent", "events", "driver", 0, List.of(), List.of(
                                new AggregationSpec("trips_1h", AggregationFunction.SUM, "trips", 3_600, ""),
                                new AggregationSpec("n_1h", AggregationFunction.COUNT, "rate", 3_600, "")))),
                List.of());
        var table = compare(spec, entities, false, "latest:rate", "recent:trips_1h", "recent:n_1h");
        assertThat(table.rows()).hasSize(3_000);
        int rate = table.columnIndex("rate");
        assertThat(table.rows().stream().filter(r -> r[rate] != null).count()).isGreaterThan(1_000);
    }

    /** Exports on the cluster and in process; asserts identical columns and rows in order; returns the output. */
    private ParquetTables.Table compare(RepoSpec spec, Path entities, boolean fullNames, String... refs) {
        List<FeatureRef> features = Arrays.stream(refs).map(r -> FeatureRef.parse(r).orElseThrow()).toList();
        Path sparkOut = dir.resolve("spark-out.parquet");
        Path nativeOut = dir.resolve("native-out.parquet");
        ExportResult onCluster = engine.export(new ExportRequest(spec, features, entities, null, sparkOut, fullNames,
                dir, 0), ProgressListener.NONE);
        OfflineEngine inProcess = new ParquetOfflineEngine();
        inProcess.export(new ExportRequest(spec, features, entities, null, nativeOut, fullNames, dir, 0),
                ProgressListener.NONE);
        var got = ParquetTables.read(sparkOut);
        var expected = ParquetTables.read(nativeOut);
        assertThat(onCluster.rowCount()).isEqualTo(expected.rows().size());
        assertThat(got.columns()).isEqualTo(expected.columns());
        assertThat(got.rows()).hasSameSizeAs(expected.rows());
        for (int i = 0; i < got.rows().size(); i++) {
            assertThat(got.rows().get(i)).as("row %d", i).containsExactly(expected.rows().get(i));
        }
        return got;
    }

    private static FeatureViewSpec view(String name, String source, String entity, long ttl, List<FeatureSpec> features,
                                        List<AggregationSpec> aggregations) {
        return new FeatureViewSpec(name, List.of(entity), source, ttl, true, features, aggregations, "", null, "");
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static Object[] row(Object... values) {
        return values;
    }

    @SafeVarargs
    private static <T> List<T> rows(T... rows) {
        return new ArrayList<>(Arrays.asList(rows));
    }
}
