package dev.granary.bench.online;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The share of the machine's CPU time the hypervisor gave to others ("steal" in {@code /proc/stat}) between two
 * readings. Printed beside each measurement: on a shared virtual machine a latency tail often comes from there,
 * and the reader should be able to tell. Not available off Linux (NaN).
 */
record CpuSteal(long steal, long total) {
    private static final Path STAT = Path.of("/proc/stat");

    static CpuSteal now() {
        try {
            // "cpu  user nice system idle iowait irq softirq steal guest guest_nice", in clock ticks
            String[] fields = Files.readAllLines(STAT).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            return new CpuSteal(fields.length > 8 ? Long.parseLong(fields[8]) : 0, total);
        } catch (IOException | RuntimeException e) {
            return new CpuSteal(0, 0);
        }
    }

    /** Percent of all CPU time between {@code earlier} and this reading that was stolen, or NaN if unknown. */
    double percentSince(CpuSteal earlier) {
        long elapsed = total - earlier.total;
        return elapsed <= 0 ? Double.NaN : 100.0 * (steal - earlier.steal) / elapsed;
    }
}
