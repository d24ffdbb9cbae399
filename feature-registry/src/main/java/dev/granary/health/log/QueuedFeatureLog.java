package dev.granary.health.log;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FeatureLog} on a bounded queue and one writer thread. The sample is one uniform draw per lookup (a
 * thread-local generator: no lock, no allocation); a sampled lookup is offered to the queue, and when the queue is
 * full it is dropped and counted, so a slow or stalled sink costs the request path nothing. The writer groups what
 * it takes by service and spec version and hands a batch to the sink when it holds {@code rowsPerBatch} rows, when
 * the oldest pending lookup is {@code maxDelayMillis} old, on {@link #flush()} and on {@link #close()}.
 */
public final class QueuedFeatureLog implements FeatureLog {
    /** Queued lookups at most (each holds its answer: about 100 KB for a 100-row, 50-feature lookup). */
    public static final int DEFAULT_CAPACITY = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(QueuedFeatureLog.class);

    private final BlockingQueue<Object> queue;
    private final LogSink sink;
    private final DoubleSupplier random;
    private final int rowsPerBatch;
    private final long maxDelayMillis;
    private final Thread writer;
    private final LongAdder queued = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder writtenLookups = new LongAdder();
    private final LongAdder writtenRows = new LongAdder();
    private final LongAdder failedBatches = new LongAdder();
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

    /** A marker the writer answers by writing everything pending. */
    private record Flush(CountDownLatch done) {
    }

    public QueuedFeatureLog(LogSink sink, int capacity, int rowsPerBatch, long maxDelayMillis, DoubleSupplier random) {
        this.sink = requireNonNull(sink, "sink is null");
        this.random = requireNonNull(random, "random is null");
        if (capacity < 1 || rowsPerBatch < 1 || maxDelayMillis < 1) {
            throw new IllegalArgumentException("capacity, rowsPerBatch and maxDelayMillis must be positive");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.rowsPerBatch = rowsPerBatch;
        this.maxDelayMillis = maxDelayMillis;
        this.writer = Thread.ofPlatform().daemon().name("granary-feature-log").unstarted(this::run);
    }

    /** A log writing to {@code sink}: {@value #DEFAULT_CAPACITY} lookups queued at most, batches every 10 s. */
    public static QueuedFeatureLog to(LogSink sink) {
        return new QueuedFeatureLog(sink, DEFAULT_CAPACITY, 200_000, 10_000, () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public void served(ServedLookup lookup) {
        if (random.getAsDouble() >= lookup.service().logging().sampleRate() || closed) {
            return;
        }
        if (!started.get() && started.compareAndSet(false, true)) {
            // started by the first sample, so a command that never logs starts no thread
            writer.start();
        }
        if (queue.offer(lookup)) {
            queued.increment();
        } else {
            dropped.increment();
        }
    }

    @Override
    public LogCounters counters() {
        return new LogCounters(queued.sum(), writtenLookups.sum(), writtenRows.sum(), dropped.sum(),
                failedBatches.sum());
    }

    @Override
    public void flush() {
        if (!started.get() || !writer.isAlive()) {
            return;
        }
        Flush marker = new Flush(new CountDownLatch(1));
        try {
            // the marker waits for room: a flush may wait for the writer, a lookup never does
            queue.put(marker);
            marker.done().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        if (!started.get()) {
            return;
        }
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Map<LoggedService, List<ServedLookup>> pending = new LinkedHashMap<>();
        Map<LoggedService, Integer> rows = new LinkedHashMap<>();
        long oldest = 0;
        while (!closed) {
            Object next;
            try {
                next = queue.poll(Math.max(1, maxDelayMillis / 4), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            if (next instanceof ServedLookup lookup) {
                if (pending.isEmpty()) {
                    oldest = System.nanoTime();
                }
                pending.computeIfAbsent(lookup.service(), s -> new ArrayList<>()).add(lookup);
                int n = rows.merge(lookup.service(), lookup.result().size(), Integer::sum);
                if (n >= rowsPerBatch) {
                    write(lookup.service(), pending.remove(lookup.service()));
                    rows.remove(lookup.service());
                }
            } else if (next instanceof Flush flush) {
                writeAll(pending, rows);
                flush.done().countDown();
                continue;
            }
            if (!pending.isEmpty() && System.nanoTime() - oldest > TimeUnit.MILLISECONDS.toNanos(maxDelayMillis)) {
                writeAll(pending, rows);
            }
        }
        List<Object> left = new ArrayList<>();
        queue.drainTo(left);
        for (Object o : left) {
            if (o instanceof ServedLookup lookup) {
                pending.computeIfAbsent(lookup.service(), s -> new ArrayList<>()).add(lookup);
            }
        }
        writeAll(pending, rows);
        left.stream().filter(Flush.class::isInstance).forEach(f -> ((Flush) f).done().countDown());
    }

    private void writeAll(Map<LoggedService, List<ServedLookup>> pending, Map<LoggedService, Integer> rows) {
        pending.forEach(this::write);
        pending.clear();
        rows.clear();
    }

    private void write(LoggedService service, List<ServedLookup> lookups) {
        try {
            sink.write(service, lookups);
            writtenLookups.add(lookups.size());
            writtenRows.add(lookups.stream().mapToLong(l -> l.result().size()).sum());
        } catch (RuntimeException e) {
            failedBatches.increment();
            LOG.warn("feature log of service '{}': {} lookups not written: {}", service.service(), lookups.size(),
                    e.getMessage());
        }
    }
}
