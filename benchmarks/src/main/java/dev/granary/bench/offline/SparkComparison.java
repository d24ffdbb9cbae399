package dev.granary.bench.offline;

import dev.granary.offline.ExportRequest;
import dev.granary.offline.ExportResult;
import dev.granary.offline.ParquetOfflineEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./bench offline --engine spark [--quick] [--rows N]}: the same data as {@link Benchmark} (or N source rows
 * over 1M keys), exported by the in-process engine, by the Spark engine on {@code local[*]} (in a child JVM on
 * offline-spark's classpath, session start-up not counted) and by DuckDB; the Spark output is compared with the
 * in-process one row for row, and the in-process one with DuckDB's.
 */
final class SparkComparison {
    private SparkComparison() {
    }

    static void run(String[] args) throws Exception {
        List<String> list = List.of(args);
        boolean quick = list.contains("--quick");
        int at = list.indexOf("--rows");
        long total = at >= 0 ? Long.parseLong(args[at + 1]) : (quick ? 1_000_000L : 10_000_000L);
        int scale = quick ? 10 : 1;
        int entityRows = 1_000_000 / scale;
        int keys = 1_000_000 / scale;
        long[] sourceRows = {total * 4 / 10, total * 3 / 10, total * 3 / 10};
        String name = at >= 0 ? "offline-rows-" + total : quick ? "offline-quick" : "offline-full";
        Path data = Path.of(System.getProperty("granary.bench.data", "benchmarks/target/bench-data"))
                .resolve(name).toAbsolutePath();
        Benchmark.generate(data, entityRows, keys, sourceRows);
        String classpath = System.getProperty("granary.bench.sparkClasspath");
        if (classpath == null) {
            throw new IllegalStateException("run it through ./bench offline --engine spark, which builds offline-spark");
        }
        List<String> flags = Arrays.asList(Files.readString(Path.of(System.getProperty("granary.bench.sparkFlags")))
                .trim().split("\\s+"));
        int runs = quick ? 2 : 1;

        Path nativeOut = data.resolve("native-out.parquet");
        Path sparkOut = data.resolve("spark-out.parquet");
        Path duckOut = data.resolve("duckdb-out.parquet");
        double nativeBest = Double.MAX_VALUE;
        double nativeCpu = 0;
        long rows = 0;
        for (int run = 0; run < runs; run++) {
            long t0 = System.nanoTime();
            long cpu0 = CpuTime.process();
            ExportResult result = new ParquetOfflineEngine().export(new ExportRequest(Benchmark.spec(),
                    Benchmark.features(), data.resolve("entities.parquet"), null, nativeOut, false, data, 0), null);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (CpuTime.process() - cpu0) / 1e9;
            rows = result.rowCount();
            System.out.printf(Locale.ROOT, "native run %d: %.2f s, CPU %.2f s (partitions %d)%n", run + 1, s, cpu,
                    result.partitions());
            if (s < nativeBest) {
                nativeBest = s;
                nativeCpu = cpu;
            }
        }
        double duckBest = Double.MAX_VALUE;
        for (int run = 0; run < runs; run++) {
            long t0 = System.nanoTime();
            Benchmark.duckdb(data, duckOut);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "duckdb run %d: %.2f s%n", run + 1, s);
            duckBest = Math.min(duckBest, s);
        }
        Benchmark.verify(nativeOut, duckOut, rows);

        double sparkBest = Double.MAX_VALUE;
        double sparkCpu = 0;
        Process child = new ProcessBuilder(SparkExportChild.command(classpath, flags, data, sparkOut, "local[*]", runs))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                System.out.println("spark: " + line);
                if (line.startsWith("spark-run ")) {
                    String[] fields = line.split(" ");
                    double s = Double.parseDouble(fields[1]);
                    if (s < sparkBest) {
                        sparkBest = s;
                        sparkCpu = Double.parseDouble(fields[3]);
                    }
                }
            }
        }
        if (child.waitFor() != 0 || sparkBest == Double.MAX_VALUE) {
            throw new IllegalStateException("the Spark export failed (exit " + child.exitValue() + "; see above)");
        }
        System.out.println("comparing the Spark output with the in-process one, row for row:");
        Benchmark.verify(sparkOut, nativeOut, rows);
        // CPU time of the timed runs (all threads of each side's JVM): what the shared machine's load moves least
        System.out.printf(Locale.ROOT, "cpu: spark %.2f s, native %.2f s, ratio %.2f%n", sparkCpu, nativeCpu,
                sparkCpu / nativeCpu);
        System.out.printf(Locale.ROOT, "RESULT offline_spark spark_s=%.2f native_s=%.2f duckdb_s=%.2f ratio_native=%.2f"
                + " rows=%d%n", sparkBest, nativeBest, duckBest, sparkBest / nativeBest, rows);
    }
}
