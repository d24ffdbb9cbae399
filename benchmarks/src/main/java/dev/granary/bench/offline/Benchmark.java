package dev.granary.bench.offline;

import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.offline.ExportRequest;
import dev.granary.offline.ExportResult;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code ./bench offline [--quick]}: 1M entity rows (driver and customer keys), three feature views over 10M source
 * rows (~1M distinct drivers, TTLs 7 days, 30 days and none), Granary's export against DuckDB's ASOF JOIN with the
 * same TTL rules, both writing Parquet in input order. {@code --quick} is ten times smaller; {@code --spill-check}
 * runs {@link SpillCheck} instead, {@code --engine spark} {@link SparkComparison}.
 */
public final class Benchmark {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long SPAN_MICROS = 30L * 86_400_000_000L;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--spill-check")) {
            SpillCheck.main(args);
            return;
        }
        int engine = List.of(args).indexOf("--engine");
        if (engine >= 0 && engine + 1 < args.length && args[engine + 1].equals("spark")) {
            SparkComparison.run(args);
            return;
        }
        boolean quick = List.of(args).contains("--quick");
        int scale = quick ? 10 : 1;
        int entityRows = 1_000_000 / scale;
        int keys = 1_000_000 / scale;
        long[] sourceRows = {4_000_000L / scale, 3_000_000L / scale, 3_000_000L / scale};
        Path data = Path.of(System.getProperty("granary.bench.data", "benchmarks/target/bench-data"))
                .resolve(quick ? "offline-quick" : "offline-full").toAbsolutePath();
        generate(data, entityRows, keys, sourceRows);

        RepoSpec spec = spec();
        List<FeatureRef> features = features();
        Path granaryOut = data.resolve("granary-out.parquet");
        Path duckOut = data.resolve("duckdb-out.parquet");

        // -Dgranary.bench.budgetMb=N forces a small memory budget (the spill path); 0 = the engine's default
        long budget = Long.getLong("granary.bench.budgetMb", 0L) << 20;
        double granaryBest = Double.MAX_VALUE;
        double duckBest = Double.MAX_VALUE;
        long peakHeap = 0;
        ExportResult result = null;
        for (int run = 0; run < 3; run++) {
            resetPeaks();
            long t0 = System.nanoTime();
            java.util.Map<String, Long> phaseStart = new java.util.concurrent.ConcurrentHashMap<>();
            result = new ParquetOfflineEngine().export(new ExportRequest(spec, features, data.resolve("entities.parquet"),
                    null, granaryOut, false, data, budget),
                    (phase, done, total) -> phaseStart.putIfAbsent(phase, System.nanoTime()));
            long end = System.nanoTime();
            System.out.printf(Locale.ROOT, "granary phases: read-entities %.2f s, join %.2f s, write %.2f s%n",
                    (phaseStart.get("join") - t0) / 1e9, (phaseStart.get("write") - phaseStart.get("join")) / 1e9,
                    (end - phaseStart.get("write")) / 1e9);
            double g = (System.nanoTime() - t0) / 1e9;
            peakHeap = Math.max(peakHeap, peakHeapBytes());
            long t1 = System.nanoTime();
            duckdb(data, duckOut);
            double d = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "run %d: granary %.2f s (partitions %d), duckdb %.2f s%n", run + 1, g,
                    result.partitions(), d);
            granaryBest = Math.min(granaryBest, g);
            duckBest = Math.min(duckBest, d);
        }
        verify(granaryOut, duckOut, result.rowCount());
        System.out.printf(Locale.ROOT, "granary peak heap %d MiB of max %d MiB; data in %s%n", peakHeap >> 20,
                Runtime.getRuntime().maxMemory() >> 20, data);
        System.out.printf(Locale.ROOT, "RESULT offline granary_s=%.2f duckdb_s=%.2f ratio=%.2f peak_heap_mb=%d rows=%d%n",
                granaryBest, duckBest, granaryBest / duckBest, peakHeap >> 20, result.rowCount());
    }

    public static List<FeatureRef> features() {
        return List.of(new FeatureRef("driver_hourly", "conv_rate"),
                new FeatureRef("driver_hourly", "trips"), new FeatureRef("driver_daily", "acc_rate"),
                new FeatureRef("customer_profile", "rating"), new FeatureRef("customer_profile", "tier"));
    }

    public static RepoSpec spec() {
        List<EntitySpec> entities = List.of(new EntitySpec("driver", List.of(new JoinKey("driver_id", ValueType.INT64)), ""),
                new EntitySpec("customer", List.of(new JoinKey("customer_id", ValueType.INT64)), ""));
        List<SourceSpec> sources = List.of(new SourceSpec("hourly", "hourly", "event_timestamp", null),
                new SourceSpec("daily", "daily", "event_timestamp", null),
                new SourceSpec("profile", "profile", "event_timestamp", null));
        List<FeatureViewSpec> views = List.of(
                new FeatureViewSpec("driver_hourly", List.of("driver"), "hourly", 7 * 86_400L, true,
                        List.of(new FeatureSpec("conv_rate", ValueType.FLOAT64), new FeatureSpec("trips", ValueType.INT64)),
                        List.of(), "", null, ""),
                new FeatureViewSpec("driver_daily", List.of("driver"), "daily", 30 * 86_400L, true,
                        List.of(new FeatureSpec("acc_rate", ValueType.FLOAT64)), List.of(), "", null, ""),
                new FeatureViewSpec("customer_profile", List.of("customer"), "profile", 0, true,
                        List.of(new FeatureSpec("rating", ValueType.FLOAT64), new FeatureSpec("tier", ValueType.STRING)),
                        List.of(), "", null, ""));
        return new RepoSpec("bench", entities, sources, views, List.of());
    }

    public static void generate(Path data, int entityRows, int keys, long[] sourceRows) throws Exception {
        if (Files.exists(data.resolve("done"))) {
            return;
        }
        Files.createDirectories(data);
        System.out.println("generating data into " + data);
        SplittableRandom rnd = new SplittableRandom(42);
        ParquetTables.write(data.resolve("entities.parquet"), List.of(new Column("row_id", ValueType.INT64),
                new Column("driver_id", ValueType.INT64), new Column("customer_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP)), rows(entityRows, i -> new Object[]{(long) i,
                (long) rnd.nextInt(keys), (long) rnd.nextInt(keys), time(rnd)}));
        String[] names = {"hourly", "daily", "profile"};
        int files = 4;
        for (int v = 0; v < 3; v++) {
            Path dir = Files.createDirectories(data.resolve(names[v]));
            long perFile = sourceRows[v] / files;
            for (int f = 0; f < files; f++) {
                List<Column> cols = sourceColumns(v);
                int view = v;
                ParquetTables.write(dir.resolve("part-" + f + ".parquet"), cols, rows((int) perFile, i -> switch (view) {
                    case 0 -> new Object[]{(long) rnd.nextInt(keys), time(rnd), rnd.nextDouble(), (long) rnd.nextInt(100)};
                    case 1 -> new Object[]{(long) rnd.nextInt(keys), time(rnd), rnd.nextInt(50) == 0 ? null : rnd.nextDouble()};
                    default -> new Object[]{(long) rnd.nextInt(keys), time(rnd), rnd.nextDouble() * 5,
                            "tier-" + rnd.nextInt(5)};
                }));
            }
        }
        Files.writeString(data.resolve("done"), "ok\n");
    }

    static Instant time(SplittableRandom rnd) {
        long micros = rnd.nextLong(SPAN_MICROS);
        return T0.plusSeconds(micros / 1_000_000L).plusNanos((micros % 1_000_000L) * 1000L);
    }

    interface RowMaker {
        Object[] make(int i);
    }

    static Iterable<Object[]> rows(int n, RowMaker maker) {
        return () -> new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Object[] next() {
                return maker.make(i++);
            }
        };
    }

    static void duckdb(Path data, Path out) throws Exception {
        String d = data.toString().replace("'", "''");
        String sql = """
                COPY (
                  SELECT e.*,
                    CASE WHEN h.event_timestamp >= e.event_timestamp - INTERVAL 7 DAY THEN h.conv_rate END AS conv_rate,
                    CASE WHEN h.event_timestamp >= e.event_timestamp - INTERVAL 7 DAY THEN h.trips END AS trips,
                    CASE WHEN dl.event_timestamp >= e.event_timestamp - INTERVAL 30 DAY THEN dl.acc_rate END AS acc_rate,
                    p.rating AS rating, p.tier AS tier
                  FROM read_parquet('D/entities.parquet') e
                  ASOF LEFT JOIN read_parquet('D/hourly/*.parquet') h
                    ON e.driver_id = h.driver_id AND e.event_timestamp >= h.event_timestamp
                  ASOF LEFT JOIN read_parquet('D/daily/*.parquet') dl
                    ON e.driver_id = dl.driver_id AND e.event_timestamp >= dl.event_timestamp
                  ASOF LEFT JOIN read_parquet('D/profile/*.parquet') p
                    ON e.customer_id = p.customer_id AND e.event_timestamp >= p.event_timestamp
                  ORDER BY e.row_id
                ) TO 'OUT' (FORMAT parquet)
                """.replace("D/", d + "/").replace("OUT", out.toString().replace("'", "''"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void verify(Path granary, Path duck, long rows) throws Exception {
        String g = granary.toString().replace("'", "''");
        String d = duck.toString().replace("'", "''");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            long gRows = single(s, "SELECT count(*) FROM read_parquet('" + g + "')");
            long dRows = single(s, "SELECT count(*) FROM read_parquet('" + d + "')");
            long outOfOrder = single(s, "SELECT count(*) FROM (SELECT row_id, row_number() OVER () - 1 AS rn FROM read_parquet('"
                    + g + "')) WHERE row_id <> rn");
            long mismatches = single(s, "SELECT count(*) FROM read_parquet('" + g + "') g JOIN read_parquet('" + d
                    + "') d USING (row_id) WHERE g.conv_rate IS DISTINCT FROM d.conv_rate OR g.trips IS DISTINCT FROM d.trips"
                    + " OR g.acc_rate IS DISTINCT FROM d.acc_rate OR g.rating IS DISTINCT FROM d.rating"
                    + " OR g.tier IS DISTINCT FROM d.tier OR g.event_timestamp IS DISTINCT FROM d.event_timestamp");
            long nonNull = single(s, "SELECT count(conv_rate) + count(acc_rate) + count(rating) FROM read_parquet('" + g + "')");
            System.out.printf(Locale.ROOT, "check: granary rows %d, duckdb rows %d, out of order %d, differing rows %d,"
                    + " non-null feature values %d%n", gRows, dRows, outOfOrder, mismatches, nonNull);
            if (gRows != rows || gRows != dRows || outOfOrder != 0 || mismatches != 0 || nonNull == 0) {
                throw new IllegalStateException("Granary and DuckDB disagree; see the check line above");
            }
        }
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    public static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The columns of source {@code view} (0 hourly, 1 daily, 2 profile), shared with {@link SpillCheck}. */
    static List<Column> sourceColumns(int view) {
        return switch (view) {
            case 0 -> List.of(new Column("driver_id", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP),
                    new Column("conv_rate", ValueType.FLOAT64), new Column("trips", ValueType.INT64));
            case 1 -> List.of(new Column("driver_id", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP),
                    new Column("acc_rate", ValueType.FLOAT64));
            default -> List.of(new Column("customer_id", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP),
                    new Column("rating", ValueType.FLOAT64), new Column("tier", ValueType.STRING));
        };
    }
}
