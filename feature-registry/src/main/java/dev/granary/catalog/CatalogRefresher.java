package dev.granary.catalog;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the catalog up to date in the background once the service has started, then periodically: projects
 * applied elsewhere (the CLI, which leaves indexing to the next search or server) are reindexed and usage counts
 * pushed. Searches wait from the refresher's creation until the first round has run, so they never see the index
 * from before; the round itself begins once the server answers ({@link #begin}), so that its indexing (every
 * feature of every view) does not take a core from the start-up. The service answers {@code /ready} and lookups
 * while it runs. A failed round is logged and retried at the next one.
 */
final class CatalogRefresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogRefresher.class);

    private final CatalogSync sync;
    private final long everySeconds;
    private final ScheduledExecutorService timer;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean begun = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private CatalogRefresher(CatalogSync sync, long everySeconds, ScheduledExecutorService timer) {
        this.sync = sync;
        this.everySeconds = everySeconds;
        this.timer = timer;
    }

    /** A refresher of {@code sync} every {@code everySeconds}; searches wait from now until its first round. */
    static CatalogRefresher holdingSearches(CatalogSync sync, long everySeconds) {
        if (everySeconds < 1) {
            throw new IllegalArgumentException(CatalogConfiguration.REFRESH_PROPERTY + " is " + everySeconds
                    + "; use a number of seconds >= 1");
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "granary-catalog-refresh");
            t.setDaemon(true);
            return t;
        });
        CatalogRefresher refresher = new CatalogRefresher(sync, everySeconds, timer);
        sync.holdSearchesUntil(refresher.caughtUp);
        return refresher;
    }

    /** Runs the first round now, in the background, then one every {@code everySeconds}; later calls do nothing. */
    void begin() {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        timer.execute(() -> {
            try {
                sync.rebuildStale();
                // counts flushed after this index's last refresh (a server flushes its last ones as it stops)
                // reach search now rather than a round later; all counts are pushed so that the index's update
                // path runs (and is compiled) now, not at the first periodic round in the middle of lookups
                sync.pushAllUsage();
            } catch (RuntimeException e) {
                // search answers from the index as it is until the next round catches up
                failed("catalog refresh on start failed (retried every " + everySeconds + " s)", e);
            } finally {
                caughtUp.countDown();
            }
        });
        timer.scheduleWithFixedDelay(this::refresh, everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    private void refresh() {
        try {
            sync.rebuildStale();
            sync.refreshUsage();
        } catch (RuntimeException e) {
            failed("catalog refresh failed (retried in the next round)", e);
        }
    }

    /**
     * Logs a failed round: a warning with its cause, unless the server is stopping. Then {@link #close} has
     * interrupted the round (Lucene rolls the index back to its last commit), or the JVM's shutdown has closed the
     * embedded registry database under it: no news, and the next start catches up.
     */
    void failed(String what, RuntimeException e) {
        if (stopping()) {
            LOG.info("catalog refresh stopped with the server; the next start catches up");
        } else {
            LOG.warn("{}: {}", what, e.toString());
        }
    }

    private boolean stopping() {
        if (closed.get()) {
            return true;
        }
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }

    @Override
    public void close() {
        closed.set(true);
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
