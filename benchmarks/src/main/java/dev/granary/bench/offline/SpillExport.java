package dev.granary.bench.offline;

import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.offline.ExportRequest;
import dev.granary.offline.ExportResult;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The child JVM of {@link SpillCheck}: one Granary export with the engine's default memory budget (a quarter of
 * this JVM's small maximum heap), printing {@code EXPORT seconds=... rows=... partitions=... max_heap=...}.
 */
final class SpillExport {
    private SpillExport() {
    }

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long maxHeap = Runtime.getRuntime().maxMemory();
        System.out.printf(Locale.ROOT, "max heap %d MiB, default budget %d MiB, %d processors%n", maxHeap >> 20,
                (maxHeap / 4) >> 20, Runtime.getRuntime().availableProcessors());
        long[] last = {System.nanoTime()};
        String[] phase = {""};
        long t0 = System.nanoTime();
        ExportResult result = new ParquetOfflineEngine().export(new ExportRequest(Benchmark.spec(), Benchmark.features(),
                data.resolve("entities.parquet"), null, out, false, data, 0), (p, done, total) -> {
            if (!p.equals(phase[0])) {
                System.out.printf(Locale.ROOT, "phase %s at %.1f s%n", p, (System.nanoTime() - t0) / 1e9);
                phase[0] = p;
            } else if (p.equals("join")) {
                System.out.printf(Locale.ROOT, "join: %d of %d views done at %.1f s%n", done, total,
                        (System.nanoTime() - t0) / 1e9);
            }
            last[0] = System.nanoTime();
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "granary peak heap (sum of pool peaks) %d MiB%n", Benchmark.peakHeapBytes() >> 20);
        System.out.printf(Locale.ROOT, "EXPORT seconds=%.2f rows=%d partitions=%d max_heap=%d%n", seconds,
                result.rowCount(), result.partitions(), maxHeap);
    }
}
