package dev.granary.bench.offline;

import java.lang.management.ManagementFactory;

/** The CPU time of this JVM, all threads (JIT and GC included). */
final class CpuTime {
    private CpuTime() {
    }

    /** Nanoseconds of CPU this process has used so far. */
    static long process() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
