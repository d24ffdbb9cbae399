package dev.granary.catalog;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the catalog up to date when the service starts (synchronously: searches do not see a stale index after
 * start-up unless that rebuild failed, which is logged), then periodically in the background: projects applied by another process (the CLI while the
 * server holds the index) are reindexed and usage counts pushed. A failed round is logged and retried at the
 * next one.
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
        try {
            sync.rebuildStale();
            // counts flushed after this index's last refresh (a server flushes its last ones as it stops) reach
            // search now rather than a round later; and the first, slowest refresh (~50 ms of CPU against ~15 ms
            // later, measured in a server) runs before lookups are served instead of in the middle of them, all
            // counts included so that it also runs the index's update path
            sync.pushAllUsage();
        } catch (RuntimeException e) {
            // the service still starts: search answers from the index as it is until the next round catches up
            LOG.warn("catalog refresh on start failed (retried every {} s): {}", everySeconds, e.toString());
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "granary-catalog-refresh");
            t.setDaemon(true);
            return t;
        });
        CatalogRefresher refresher = new CatalogRefresher(sync, timer);
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
