package dev.granary.bench.online;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator (wrk2-style): a fixed request rate spread over {@value #CONNECTIONS} connections,
 * one thread each, every request's latency measured from its intended send time so a stall counts for every
 * request it delays (coordinated omission corrected), recorded in one HdrHistogram per connection, then merged.
 */
final class OpenLoop {
    static final int CONNECTIONS = 16;
    private static final long P99_LIMIT_NANOS = 2_000_000;
    private static final long HIGHEST_NANOS = 60_000_000_000L;
    private static final double[] MAX_RATE_STEPS =
            {1_000, 2_000, 4_000, 6_000, 8_000, 10_000, 12_000, 15_000, 20_000};

    private OpenLoop() {
    }

    /** One blocking request on one connection; returns false when the answer was not a success. */
    @FunctionalInterface
    interface Caller {
        boolean call(int i) throws IOException;
    }

    /**
     * @param cpuMicrosPerRequest this process's CPU time (load generator and, for HTTP, the server in it) per request
     * @param allocatedKbPerRequest heap allocated by this process's threads per request, same scope
     * @param stealPercent          the machine's CPU time stolen by the hypervisor during the run ({@link CpuSteal})
     * @param jitMillis             time this JVM's JIT compiler threads spent compiling during the run: CPU the
     *                              lookups competed with on a small machine
     * @param startedAt             the JVM's uptime in seconds when the run started, to line it up with GC and JIT
     *                              logs taken with {@code -Xlog:...:uptime}
     */
    record Measure(String label, double rate, long count, long errors, double achieved, Histogram histogram,
                   double cpuMicrosPerRequest, double allocatedKbPerRequest, double stealPercent, long jitMillis,
                   double startedAt) {
        double p50() {
            return histogram.getValueAtPercentile(50) / 1e6;
        }

        double p99() {
            return histogram.getValueAtPercentile(99) / 1e6;
        }

        String line() {
            return String.format(Locale.ROOT,
                    "%-34s rate %,7.0f/s achieved %,8.0f/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms"
                            + "  max %7.3f ms  errors %d  cpu %,5.0f us/req  heap %,6.1f KB/req  steal %4.1f%%  jit %,d ms"
                            + "  at %.1f s",
                    label, rate, achieved, p50(), p99(), histogram.getValueAtPercentile(99.9) / 1e6,
                    histogram.getMaxValue() / 1e6, errors, cpuMicrosPerRequest, allocatedKbPerRequest, stealPercent,
                    jitMillis, startedAt);
        }
    }

    /**
     * Request {@code i} is due at {@code start + i / rate}; connection {@code k} (its caller built by
     * {@code callers.apply(k)}, closed at the end when {@link AutoCloseable}) sends requests {@code k, k + N, ...},
     * each when due or as soon as its previous one returned, and records the time from due to answered. A request
     * that throws counts as an error and its latency is still recorded.
     */
    static Measure run(String label, double rate, double seconds, IntFunction<Caller> callers) throws Exception {
        long interval = (long) (1e9 / rate);
        int total = (int) (rate * seconds);
        Histogram[] histograms = new Histogram[CONNECTIONS];
        AtomicLong errors = new AtomicLong();
        AtomicLong lastDone = new AtomicLong();
        Thread[] threads = new Thread[CONNECTIONS];
        long cpuBefore = processCpuNanos();
        long allocatedBefore = allocatedBytes();
        CpuSteal stealBefore = CpuSteal.now();
        long jitBefore = jitMillis();
        double startedAt = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        long start = System.nanoTime() + 20_000_000;
        for (int k = 0; k < CONNECTIONS; k++) {
            int connection = k;
            histograms[k] = new Histogram(HIGHEST_NANOS, 3);
            Caller caller = callers.apply(k);
            // at the priority of the server's serving threads: where the JVM maps priorities to the OS (root,
            // .mvn/jvm-flags.sh), a load thread left below them would queue behind the server it measures to send
            // and to see each answer, a wait a client on its own machine does not have
            threads[k] = Thread.ofPlatform().name("load-" + k).priority(Thread.MAX_PRIORITY).start(() -> {
                Histogram histogram = histograms[connection];
                for (int i = connection; i < total; i += CONNECTIONS) {
                    long due = start + i * interval;
                    long now;
                    while ((now = System.nanoTime()) < due) {
                        LockSupport.parkNanos(due - now);
                    }
                    try {
                        if (!caller.call(i)) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                    }
                    long done = System.nanoTime();
                    histogram.recordValue(Math.min(done - due, histogram.getHighestTrackableValue()));
                    lastDone.accumulateAndGet(done, Math::max);
                }
                if (caller instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        // the connection is done either way
                    }
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram all = new Histogram(HIGHEST_NANOS, 3);
        for (Histogram histogram : histograms) {
            all.add(histogram);
        }
        double achieved = total / ((lastDone.get() - start) / 1e9);
        double cpu = (processCpuNanos() - cpuBefore) / 1e3 / total;
        double allocated = (allocatedBytes() - allocatedBefore) / 1024.0 / total;
        return new Measure(label, rate, total, errors.get(), achieved, all, cpu, allocated,
                CpuSteal.now().percentSince(stealBefore), jitMillis() - jitBefore, startedAt);
    }

    private static long jitMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Bytes allocated by all threads: HotSpot's extension of the MXBean, which every JDK the bench runs on has. */
    @SuppressForbidden
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getTotalThreadAllocatedBytes();
    }

    /** CPU time of this process: HotSpot's extension of the MXBean, as for {@link #allocatedBytes()}. */
    @SuppressForbidden
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * The highest of 1k..20k requests/s held with p99 < 2 ms, >= 95 % achieved and no error (0 if none), printing
     * each step; stops at the first rate not held.
     */
    static double maxRate(String label, double stepSeconds, IntFunction<Caller> callers) throws Exception {
        double max = 0;
        for (double rate : MAX_RATE_STEPS) {
            Measure step = run(label, rate, stepSeconds, callers);
            System.out.println(step.line());
            boolean held = step.histogram().getValueAtPercentile(99) < P99_LIMIT_NANOS
                    && step.achieved() >= 0.95 * rate && step.errors() == 0;
            if (!held) {
                break;
            }
            max = rate;
        }
        return max;
    }

    /** The JIT counts as quiet in a 3-s window that spends less than this compiling. */
    static final long JIT_QUIET_MS = 25;

    /**
     * Runs 3-s windows of a path at {@code rate} until one spends under {@value #JIT_QUIET_MS} ms compiling (or
     * {@code maxSeconds} pass), and prints how long that took. The goals are for a server that has been serving,
     * and on two cores the JIT's first minutes decide a 1 % tail: 30-40 s after start a measured 1-entity window
     * held 354 ms of compilation (p99 1.449 ms) while the same load a minute later held 34 ms (p99 0.792 ms), both
     * at steal 0.0 %.
     */
    static void warmUntilJitQuiet(String path, double rate, double maxSeconds, IntFunction<Caller> callers)
            throws Exception {
        long start = System.nanoTime();
        Measure window;
        do {
            window = run("warm-up", rate, 3, callers);
        } while (window.jitMillis() >= JIT_QUIET_MS && (System.nanoTime() - start) / 1e9 < maxSeconds);
        System.out.printf(Locale.ROOT, "warm-up of %s: %.0f s, last 3-s window compiled for %d ms%n", path,
                (System.nanoTime() - start) / 1e9, window.jitMillis());
    }

    /** Prints a measured window and keeps it for the summary. */
    static Measure record(List<Measure> measures, Measure measure) {
        System.out.println(measure.line());
        measures.add(measure);
        return measure;
    }
}
