package dev.granary.bench.offline;

import java.time.Duration;

/** The CPU time of this JVM, all threads (JIT and GC included). */
final class CpuTime {
    private CpuTime() {
    }

    /** Nanoseconds of CPU this process has used so far; 0 where the platform does not report it. */
    static long process() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
