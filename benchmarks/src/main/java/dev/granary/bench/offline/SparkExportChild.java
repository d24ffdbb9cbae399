package dev.granary.bench.offline;

import dev.granary.offline.ExportRequest;
import dev.granary.offline.ExportResult;
import dev.granary.offline.OfflineEngine;
import dev.granary.offline.OfflineEngines;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark side of {@code ./bench offline --engine spark}, in its own JVM on offline-spark's classpath (Spark needs
 * newer Netty and Hadoop than the rest of the bench): starts the engine through {@link OfflineEngines} as
 * {@code offline.engine: spark} would, then exports {@code runs} times. Arguments: data folder, output file, master,
 * runs. Prints {@code spark-session S} and one {@code spark-run S ROWS CPU_S} line per export (CPU_S: this JVM's CPU
 * time over the export, all threads: on a machine shared with other work it moves far less than the wall time).
 */
public final class SparkExportChild {
    private SparkExportChild() {
    }

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int runs = Integer.parseInt(args[3]);
        long t0 = System.nanoTime();
        OfflineEngine engine = OfflineEngines.create("spark", Map.of("master", args[2], "conf", Map.of(
                "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                "spark.local.dir", data.resolve("spark-tmp").toString())));
        // the engine starts its Spark session on first use: start it here, so the runs below time exports only
        engine.supportsEntityQueries();
        System.out.printf(Locale.ROOT, "spark-session %.2f%n", (System.nanoTime() - t0) / 1e9);
        for (int run = 0; run < runs; run++) {
            long t1 = System.nanoTime();
            long cpu = CpuTime.process();
            ExportResult result = engine.export(new ExportRequest(Benchmark.spec(), Benchmark.features(),
                    data.resolve("entities.parquet"), null, out, false, data, 0), null);
            System.out.printf(Locale.ROOT, "spark-run %.2f %d %.2f%n", (System.nanoTime() - t1) / 1e9, result.rowCount(),
                    (CpuTime.process() - cpu) / 1e9);
            System.out.flush();
        }
        System.exit(0);
    }

    static List<String> command(String classpath, List<String> jvmFlags, Path data, Path out, String master, int runs) {
        List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + Long.getLong("granary.bench.sparkHeapMb", 4096) + "m");
        command.addAll(jvmFlags);
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--sun-misc-unsafe-memory-access")).forEach(command::add);
        // Spark properties given to the bench (-Dspark.eventLog.enabled=true ...) reach the child's SparkConf
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark.")).sorted()
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        command.addAll(List.of("-cp", classpath, SparkExportChild.class.getName(), data.toString(), out.toString(),
                master, Integer.toString(runs)));
        return command;
    }
}
