package dev.granary.catalog;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the catalog up to date in the background once the service has started, then periodically: projects
 * applied elsewhere (the CLI, which leaves indexing to the next search or server) are reindexed and usage counts
 * pushed. The service answers {@code /ready} and lookups while the first round runs; searches wait for it, so
 * they never see the index from before. A failed round is logged and retried at the next one.
 */
final class CatalogRefresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogRefresher.class);

    private final CatalogSync sync;
    private final ScheduledExecutorService timer;

    private CatalogRefresher(CatalogSync sync, ScheduledExecutorService timer) {
        this.sync = sync;
        this.timer = timer;
    }

    static CatalogRefresher start(CatalogSync sync, long everySeconds) {
        if (everySeconds < 1) {
            throw new IllegalArgumentException(CatalogConfiguration.REFRESH_PROPERTY + " is " + everySeconds
                    + "; use a number of seconds >= 1");
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "granary-catalog-refresh");
            t.setDaemon(true);
            return t;
        });
        CatalogRefresher refresher = new CatalogRefresher(sync, timer);
        CountDownLatch caughtUp = new CountDownLatch(1);
        sync.holdSearchesUntil(caughtUp);
        timer.execute(() -> {
            try {
                sync.rebuildStale();
                // counts flushed after this index's last refresh (a server flushes its last ones as it stops)
                // reach search now rather than a round later; all counts are pushed so that the index's update
                // path runs (and is compiled) now, not at the first periodic round in the middle of lookups
                sync.pushAllUsage();
            } catch (RuntimeException e) {
                // search answers from the index as it is until the next round catches up
                LOG.warn("catalog refresh on start failed (retried every {} s): {}", everySeconds, e.toString());
            } finally {
                caughtUp.countDown();
            }
        });
        timer.scheduleWithFixedDelay(refresher::refresh, everySeconds, everySeconds, TimeUnit.SECONDS);
        return refresher;
    }

    private void refresh() {
        try {
            sync.rebuildStale();
            sync.refreshUsage();
        } catch (RuntimeException e) {
            LOG.warn("catalog refresh failed (retried in the next round): {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
