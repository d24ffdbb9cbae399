package dev.granary.statistics;

import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import dev.granary.error.NotFoundException;
import dev.granary.offline.ProgressListener;
import dev.granary.offline.stats.FeatureStatistics;
import dev.granary.offline.stats.FeatureStats;
import dev.granary.registry.ProjectNotFoundException;
import dev.granary.registry.Registry;
import dev.granary.registry.VersionDetail;
import dev.granary.spec.FeatureViewSpec;
import java.nio.file.Path;
import java.time.Clock;
import dev.granary.security.Caller;
import dev.granary.security.FeatureAccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the statistics of a project's features at its current registry version and stores them: one
 * streaming pass per view over its source data ({@link FeatureStatistics}), then one transaction for all views,
 * then the {@link StatisticsListener}s. A failure stores nothing.
 */
public final class StatisticsService {
    private static final Logger LOG = LoggerFactory.getLogger(StatisticsService.class);

    private final Registry registry;
    private final StatisticsStore store;
    private final Path offlineRoot;
    private final List<StatisticsListener> listeners;
    private final Clock clock;

    public StatisticsService(Registry registry, StatisticsStore store, Path offlineRoot,
                             List<StatisticsListener> listeners) {
        this(registry, store, offlineRoot, listeners, Clock.systemUTC());
    }

    StatisticsService(Registry registry, StatisticsStore store, Path offlineRoot, List<StatisticsListener> listeners,
                      Clock clock) {
        this.registry = requireNonNull(registry, "registry is null");
        this.store = requireNonNull(store, "store is null");
        this.offlineRoot = requireNonNull(offlineRoot, "offlineRoot is null");
        this.listeners = List.copyOf(listeners);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Computes and stores the statistics of {@code views} (null or empty: every view) of the project's current
     * version over event times {@code [start, end]} (either may be null: unbounded).
     *
     * @return the stored rows, views in spec order, features in declaration order
     * @throws ProjectNotFoundException when nothing was applied to the project
     * @throws NotFoundException        (field {@code views}) when a named view is not in the current version
     * @throws BadRequestException      (field {@code start}) when start is after end
     * @throws dev.granary.offline.OfflineStoreException when a source cannot be read or lacks a column
     */
    public List<StoredStatistics> compute(String project, List<String> views, Instant start, Instant end,
                                          ProgressListener progress) {
        return compute(project, views, start, end, progress, Caller.UNCHECKED);
    }

    /**
     * As {@link #compute(String, List, Instant, Instant, ProgressListener)}, answering {@code caller} only the rows
     * of features it may read: every feature's statistics are computed and stored (granted readers see them in the
     * feature detail), those of restricted features it was not granted are left out of the answer.
     */
    public List<StoredStatistics> compute(String project, List<String> views, Instant start, Instant end,
                                          ProgressListener progress, Caller caller) {
        requireNonNull(progress, "progress is null");
        if (start != null && end != null && start.isAfter(end)) {
            throw new BadRequestException("start", "start " + start + " is after end " + end + "; swap them");
        }
        VersionDetail current = registry.current(project).orElseThrow(() -> new ProjectNotFoundException(project));
        List<FeatureViewSpec> chosen = choose(current, views);
        Instant computedAt = clock.instant();
        List<StoredStatistics> rows = new ArrayList<>();
        for (FeatureViewSpec view : chosen) {
            for (FeatureStats s : FeatureStatistics.compute(current.spec(), view, start, end, offlineRoot, progress)) {
                rows.add(new StoredStatistics(project, current.version(), bound(start, s.minEventTime(), computedAt),
                        bound(end, s.maxEventTime(), computedAt), computedAt, s));
            }
        }
        store.save(rows);
        for (StatisticsListener listener : listeners) {
            try {
                listener.statisticsStored(project);
            } catch (RuntimeException e) {
                LOG.warn("statistics of project {} are stored, but a listener failed: {}", project, e.toString());
            }
        }
        FeatureAccess access = FeatureAccess.of(caller, current.spec());
        return rows.stream().filter(r -> access.mayRead(r.stats().view(), r.stats().feature())).toList();
    }

    private static List<FeatureViewSpec> choose(VersionDetail current, List<String> views) {
        if (views == null || views.isEmpty()) {
            return current.spec().featureViews();
        }
        List<FeatureViewSpec> chosen = new ArrayList<>();
        for (String name : views) {
            chosen.add(current.spec().featureView(name.trim()).orElseThrow(() -> new NotFoundException("views",
                    "Project '" + current.spec().project() + "' has no feature view '" + name + "' at version "
                            + current.version() + "; it has " + current.spec().featureViews().stream()
                            .map(FeatureViewSpec::name).toList())));
        }
        return chosen;
    }

    /** The requested bound, else the event time seen, else (no data) the computation time. */
    private static Instant bound(Instant requested, Instant seen, Instant fallback) {
        return requested != null ? requested : seen != null ? seen : fallback;
    }
}
