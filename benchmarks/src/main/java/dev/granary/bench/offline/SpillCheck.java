package dev.granary.bench.offline;

import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.ValueType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code ./bench offline --spill-check}: does an export of sources many times the heap finish? Generates (once,
 * reused) the offline benchmark's three views scaled up ({@code GRANARY_SPILL_ROWS_M} million source rows, default
 * 60, in files of 1M rows) over an entity table of 1M rows in which every source key appears, so no source row is
 * dropped on reading. Runs only Granary's export in a child JVM with the small heap ({@code GRANARY_SPILL_HEAP},
 * default {@code 256m}; the parent's other JVM flags) and the engine's default budget, then checks its output
 * against DuckDB's ASOF JOIN over the full data (in this JVM, native memory). The source size reported is the
 * engine's own footer estimate of resident bytes: rows × bytes per row of the pruned columns (its budget check
 * doubles it for growth and decoding).
 */
final class SpillCheck {
    private static final int ENTITY_ROWS = 1_000_000;
    private static final int KEYS = 250_000;
    private static final int FILE_ROWS = 1_000_000;
    /** The engine's bytes per source row (ViewPlan.bytesPerRow): key id 4, time 8, sort order 8, 9 per primitive value, 56 per string. */
    private static final int[] BYTES_PER_ROW = {20 + 9 + 9, 20 + 9, 20 + 9 + 56};

    private SpillCheck() {
    }

    static void main(String[] args) throws Exception {
        String heap = env("GRANARY_SPILL_HEAP", "256m");
        int millions = Integer.parseInt(env("GRANARY_SPILL_ROWS_M", "60"));
        long total = millions * 1_000_000L;
        long[] sourceRows = {total * 4 / 10, total * 3 / 10, total - total * 4 / 10 - total * 3 / 10};
        Path data = Path.of(System.getProperty("granary.bench.data", "benchmarks/target/bench-data"))
                .resolve("offline-spill-" + millions + "m").toAbsolutePath();
        generate(data, sourceRows);

        long resident = 0;
        for (int v = 0; v < 3; v++) {
            resident += sourceRows[v] * BYTES_PER_ROW[v];
        }
        long parquetBytes;
        try (Stream<Path> files = Files.walk(data)) {
            parquetBytes = files.filter(f -> f.toString().endsWith(".parquet") && !f.getFileName().toString().contains("-out"))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
        System.out.printf(Locale.ROOT, "sources: %d rows (%d, %d, %d), %d MiB of Parquet; engine's resident estimate %d MiB"
                        + " (its budget check counts twice that: %d MiB)%n", total, sourceRows[0], sourceRows[1],
                sourceRows[2], parquetBytes >> 20, resident >> 20, (2 * resident) >> 20);

        Path granaryOut = data.resolve("granary-out.parquet");
        Files.deleteIfExists(granaryOut);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-Xmx") && !flag.startsWith("-Xms") && !flag.startsWith("-Dgranary.bench.")
                    && !flag.startsWith("-XX:MaxHeapSize")) {
                cmd.add(flag);
            }
        }
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+HeapDumpOnOutOfMemoryError");
        cmd.add("-XX:HeapDumpPath=" + data.resolve("oom.hprof"));
        cmd.add("-Xlog:gc:file=" + data.resolve("gc.log"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SpillExport.class.getName());
        cmd.add(data.toString());
        cmd.add(granaryOut.toString());
        System.out.println("child: java -Xmx" + heap + " ... " + SpillExport.class.getName());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String resultLine = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println("  | " + line);
                if (line.startsWith("EXPORT ")) {
                    resultLine = line;
                }
            }
        }
        int exit = child.waitFor();
        if (exit != 0 || resultLine == null) {
            throw new IllegalStateException("the export in the child JVM (-Xmx" + heap + ") failed with exit code " + exit
                    + "; see its output above (heap dump, if any: " + data.resolve("oom.hprof") + ")");
        }
        double seconds = Double.parseDouble(field(resultLine, "seconds"));
        long rows = Long.parseLong(field(resultLine, "rows"));
        int partitions = Integer.parseInt(field(resultLine, "partitions"));
        long maxHeap = Long.parseLong(field(resultLine, "max_heap"));

        Path duckOut = data.resolve("duckdb-out.parquet");
        long t0 = System.nanoTime();
        Benchmark.duckdb(data, duckOut);
        System.out.printf(Locale.ROOT, "duckdb reference export %.2f s%n", (System.nanoTime() - t0) / 1e9);
        Benchmark.verify(granaryOut, duckOut, rows);
        if (rows != ENTITY_ROWS) {
            throw new IllegalStateException("the export wrote " + rows + " rows for " + ENTITY_ROWS + " entity rows");
        }
        double heapMb = maxHeap / 1048576.0;
        System.out.printf(Locale.ROOT, "RESULT offline-spill heap_mb=%.0f source_mb=%d ratio=%.1f granary_s=%.2f partitions=%d"
                        + " source_rows=%d parquet_mb=%d rows=%d%n", heapMb, resident >> 20, (resident / 1048576.0) / heapMb,
                seconds, partitions, total, parquetBytes >> 20, rows);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static String field(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        throw new IllegalStateException("no " + key + " in '" + line + "'");
    }

    /** Every key appears in the entity table (driver i % KEYS, customer a fixed permutation of it). */
    private static void generate(Path data, long[] sourceRows) throws Exception {
        if (Files.exists(data.resolve("done"))) {
            return;
        }
        Files.createDirectories(data);
        System.out.println("generating data into " + data);
        long t0 = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(7);
        ParquetTables.write(data.resolve("entities.parquet"), List.of(new Column("row_id", ValueType.INT64),
                new Column("driver_id", ValueType.INT64), new Column("customer_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP)), Benchmark.rows(ENTITY_ROWS, i -> new Object[]{
                (long) i, (long) (i % KEYS), (long) ((i * 7919L) % KEYS), Benchmark.time(rnd)}));
        String[] names = {"hourly", "daily", "profile"};
        for (int v = 0; v < 3; v++) {
            Path dir = Files.createDirectories(data.resolve(names[v]));
            int view = v;
            List<Column> cols = Benchmark.sourceColumns(v);
            for (long done = 0, f = 0; done < sourceRows[v]; done += FILE_ROWS, f++) {
                int n = (int) Math.min(FILE_ROWS, sourceRows[v] - done);
                ParquetTables.write(dir.resolve(String.format(Locale.ROOT, "part-%03d.parquet", f)), cols,
                        Benchmark.rows(n, i -> switch (view) {
                            case 0 -> new Object[]{(long) rnd.nextInt(KEYS), Benchmark.time(rnd), rnd.nextDouble(),
                                    (long) rnd.nextInt(100)};
                            case 1 -> new Object[]{(long) rnd.nextInt(KEYS), Benchmark.time(rnd),
                                    rnd.nextInt(50) == 0 ? null : rnd.nextDouble()};
                            default -> new Object[]{(long) rnd.nextInt(KEYS), Benchmark.time(rnd), rnd.nextDouble() * 5,
                                    "tier-" + rnd.nextInt(5)};
                        }));
            }
            System.out.printf(Locale.ROOT, "  %s: %d rows written (%.0f s so far)%n", names[v], sourceRows[v],
                    (System.nanoTime() - t0) / 1e9);
        }
        Files.writeString(data.resolve("done"), "ok\n");
    }
}
