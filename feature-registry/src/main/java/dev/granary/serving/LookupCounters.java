package dev.granary.serving;

import dev.granary.error.StorageException;
import dev.granary.spec.FeatureRef;
import dev.granary.usage.FeatureUsage;
import dev.granary.usage.FeatureUsage.LookupCount;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts online lookups per feature (one per entity row served) in memory and adds them to the registry's
 * {@code feature_usage.lookups} through {@link FeatureUsage} every {@code flushSeconds} and on close. Counting costs
 * one {@link LongAdder} increment per feature; a failed flush keeps its counts for the next one.
 */
final class LookupCounters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LookupCounters.class);
    /**
     * How often the server flushes: the catalog ranks by these counts and refreshes them every 30 s, so counts
     * older than a minute are rare; a shorter period only adds database work on the serving machine.
     */
    static final long FLUSH_SECONDS = 30;

    private record Key(String project, String view, String feature) {
    }

    private final FeatureUsage usage;
    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    /**
     * Counters flushed every {@code flushSeconds}; with {@code prime}, the first write's one-time cost is paid at
     * once ({@link FeatureUsage#primeLookups}), as a server does while it starts rather than while it serves. The
     * flush thread primes, before its first flush, so the server's start-up does not wait for it.
     */
    LookupCounters(DataSource registryDatabase, long flushSeconds, boolean prime) {
        this.usage = new FeatureUsage(registryDatabase);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "granary-lookup-counters");
            t.setDaemon(true);
            return t;
        });
        if (prime) {
            timer.execute(this::prime);
        }
        timer.scheduleWithFixedDelay(this::flushQuietly, flushSeconds, flushSeconds, TimeUnit.SECONDS);
    }

    private void prime() {
        try {
            usage.primeLookups();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("priming the lookup-count flush failed (the first flush will be slower): {}", e.toString());
        }
    }

    /** The counters of a plan's features, in the order of its refs (fetch once per plan, then add to them). */
    LongAdder[] counters(String project, List<FeatureRef> refs) {
        LongAdder[] out = new LongAdder[refs.size()];
        for (int i = 0; i < out.length; i++) {
            FeatureRef ref = refs.get(i);
            out[i] = counts.computeIfAbsent(new Key(project, ref.view(), ref.feature()), k -> new LongAdder());
        }
        return out;
    }

    /**
     * Adds the counts gathered since the last flush to {@code feature_usage}, all or none.
     *
     * @throws StorageException when the database fails (the counts are kept for the next flush)
     */
    synchronized void flush() {
        List<Map.Entry<Key, Long>> taken = new ArrayList<>();
        for (Map.Entry<Key, LongAdder> entry : counts.entrySet()) {
            long n = entry.getValue().sumThenReset();
            if (n != 0) {
                taken.add(Map.entry(entry.getKey(), n));
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        try {
            usage.addLookups(taken.stream().map(c -> new LookupCount(c.getKey().project(), c.getKey().view(),
                    c.getKey().feature(), c.getValue())).toList());
        } catch (SQLException | RuntimeException e) {
            taken.forEach(count -> counts.get(count.getKey()).add(count.getValue()));
            throw new StorageException("The registry database failed to record feature lookups: " + e.getMessage(), e);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not record feature lookups in the registry (kept for the next try): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        // a priming or flush under way finishes first: interrupting a database call can close its connection
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
