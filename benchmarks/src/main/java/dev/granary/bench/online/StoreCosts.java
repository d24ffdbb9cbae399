package dev.granary.bench.online;

import dev.granary.online.EntityKey;
import dev.granary.online.OnlineRow;
import dev.granary.online.OnlineStore;
import dev.granary.online.ViewRead;
import dev.granary.spec.FeatureViewSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What the store itself costs on one thread of this JVM, without HTTP: the write of N entities x 50 FLOAT64 features
 * in batches of 10,000 rows (the shape of a materialization), and 100-entity reads. Per target: rows written per
 * second, client CPU (the calling thread's) and Redis CPU (its processes', {@code /proc/PID/stat}) per row; CPU and
 * allocation per read. CPU per operation is what a busy shared machine inflates least, so single node and cluster
 * compare on it where their latencies do not.
 */
final class StoreCosts {
    private static final int BATCH = 10_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private StoreCosts() {
    }

    /** A write of N rows: its rate and CPU per row. */
    record Write(double rowsPerSecond, double clientMicrosPerRow, double redisMicrosPerRow) {
    }

    /** Reads of 100 entities: CPU and allocation per read. */
    record Read(double clientMicros, double redisMicros, double allocatedKb) {
    }

    /** Entities 1..N, 50 random doubles each, the same values for every target (same seed). */
    static Write load(OnlineStore store, Collection<Long> redisPids, String project, FeatureViewSpec view,
                      int entities) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        Instant time = Instant.now().minusSeconds(60);
        long redisBefore = redisCpuMicros(redisPids);
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int from = 1; from <= entities; from += BATCH) {
            int to = Math.min(entities, from + BATCH - 1);
            List<OnlineRow> rows = new ArrayList<>(to - from + 1);
            for (long id = from; id <= to; id++) {
                List<Object> values = new ArrayList<>(OnlineBenchData.FEATURES);
                for (int f = 0; f < OnlineBenchData.FEATURES; f++) {
                    values.add(random.nextDouble());
                }
                rows.add(new OnlineRow(EntityKey.of(id), time, values));
            }
            store.write(project, view, view.featureNames(), rows);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpuBefore) / 1e3;
        double redis = redisCpuMicros(redisPids) - redisBefore;
        return new Write(entities / seconds, cpu / entities, redis / entities);
    }

    /** {@code count} reads of 100 random entities of 1..N after {@code count} unmeasured ones. */
    static Read read(OnlineStore store, Collection<Long> redisPids, String project, FeatureViewSpec view,
                     int entities, int count) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        List<List<ViewRead>> reads = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            List<EntityKey> keys = new ArrayList<>(100);
            for (int e = 0; e < 100; e++) {
                keys.add(EntityKey.of(1L + random.nextInt(entities)));
            }
            reads.add(List.of(new ViewRead(view, view.featureNames(), keys)));
        }
        long found = 0;
        for (List<ViewRead> read : reads) {
            found += store.read(project, read, Instant.now()).size();
        }
        long redisBefore = redisCpuMicros(redisPids);
        long allocatedBefore = allocatedBytes();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        for (List<ViewRead> read : reads) {
            found += store.read(project, read, Instant.now()).size();
        }
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpuBefore) / 1e3;
        double allocated = allocatedBytes() - allocatedBefore;
        double redis = redisCpuMicros(redisPids) - redisBefore;
        if (found != 200L * count) {
            throw new IllegalStateException("reads answered " + found + " rows, expected " + 200L * count);
        }
        return new Read(cpu / count, redis / count, allocated / count / 1024);
    }

    /** Bytes this thread allocated so far: HotSpot's extension of ThreadMXBean, the one JDK API that tells. */
    @SuppressForbidden
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) THREADS).getCurrentThreadAllocatedBytes();
    }

    static String line(String target, Write write, Read read) {
        return String.format(Locale.ROOT, "%s, store on one thread: write %,.0f rows/s, per row %.1f us client CPU"
                        + " + %.1f us Redis CPU; read of 100 entities: %.0f us client CPU + %.0f us Redis CPU,"
                        + " %.0f KB allocated", target, write.rowsPerSecond(), write.clientMicrosPerRow(),
                write.redisMicrosPerRow(), read.clientMicros(), read.redisMicros(), read.allocatedKb());
    }

    /** User + system CPU of the processes so far, in microseconds (/proc/PID/stat, clock ticks of 10 ms). */
    static long redisCpuMicros(Collection<Long> pids) throws IOException {
        long total = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000;
        }
        return total;
    }
}
