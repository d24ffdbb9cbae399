package dev.granary.materialization;

import static java.util.Objects.requireNonNull;

import dev.granary.metrics.GranaryMetrics;
import dev.granary.registry.RegistrySql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online freshness per view for the metrics ({@code granary.online.freshness}: now minus the view's watermark).
 * Watermarks are read from the registry database every {@link #EVERY} and after each materialization of this
 * process, never during a scrape, so a slow or stopped database cannot hold up {@code /metrics}; any process that
 * materializes (the CLI too) moves them. A view without a watermark (never materialized incrementally) has no
 * series.
 */
final class WatermarkFreshness implements MaterializationListener, AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(WatermarkFreshness.class);

    private record ViewKey(String project, String view) {
    }

    private final Watermarks watermarks;
    private final GranaryMetrics metrics;
    private final Clock clock;
    private final Map<ViewKey, Instant> marks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;

    WatermarkFreshness(DataSource registryDatabase, GranaryMetrics metrics, Clock clock) {
        this.watermarks = new Watermarks(new RegistrySql(requireNonNull(registryDatabase, "registryDatabase is null")));
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "granary-freshness");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void materialized(MaterializationResult result) {
        refresher.execute(this::refreshQuietly);
    }

    /** Reads every watermark; a view seen for the first time gets its gauge, a view gone loses it. */
    void refresh() {
        Set<ViewKey> seen = new HashSet<>();
        watermarks.all().forEach((project, views) -> views.forEach((view, mark) -> {
            ViewKey key = new ViewKey(project, view);
            seen.add(key);
            if (marks.put(key, mark) == null) {
                metrics.freshness(project, view, key, this::secondsBehind);
            }
        }));
        for (ViewKey key : Set.copyOf(marks.keySet())) {
            if (!seen.contains(key)) {
                marks.remove(key);
                metrics.forgetFreshness(key.project(), key.view());
            }
        }
    }

    private double secondsBehind(ViewKey key) {
        Instant mark = marks.get(key);
        return mark == null ? Double.NaN : Duration.between(mark, clock.instant()).toMillis() / 1000.0;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.debug("Could not read the watermarks for the freshness metric (will retry): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
