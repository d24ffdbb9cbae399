package dev.granary.catalog;

import static java.util.Objects.requireNonNull;

import dev.granary.offline.stats.FeatureStats;
import dev.granary.registry.CurrentSpec;
import dev.granary.registry.ProjectSummary;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryListener;
import dev.granary.error.StorageException;
import dev.granary.search.Catalog;
import dev.granary.search.CatalogException;
import dev.granary.search.SearchQuery;
import dev.granary.search.SearchResult;
import dev.granary.search.CatalogExtras;
import dev.granary.search.FeatureKind;
import dev.granary.search.FeatureStatsSummary;
import dev.granary.search.FeatureUsage;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.statistics.StatisticsListener;
import dev.granary.statistics.StatisticsStore;
import dev.granary.statistics.StoredStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link Catalog} in step with the registry. As a {@link RegistryListener} it reindexes a project on
 * every new version (apply or rollback), so deleted objects disappear at once; as a {@link StatisticsListener} it
 * reindexes after new statistics; {@link #rebuildStale} catches up with versions it missed (stored while the
 * catalog was closed or locked by another process); {@link #refreshUsage} pushes usage counts without
 * reindexing. Extras are the newest stored statistics of each feature and its usage: feature services listing it
 * (from the spec), exports and online lookups ({@code feature_usage}).
 *
 * <p>It reads the registry through the storage-level {@link Registry} (not the checked one that calls it), so
 * it never depends on the object it listens to. Every method may throw
 * {@link dev.granary.search.CatalogException} or {@link dev.granary.error.StorageException}.
 */
public final class CatalogSync implements RegistryListener, StatisticsListener {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogSync.class);
    private static final long SEARCH_WAIT_SECONDS = 60;

    /** The catalog, opened by its first use: the service opens the index off its start-up path. */
    private final Supplier<? extends Catalog> catalog;
    private final Registry registry;
    private final StatisticsStore statistics;
    private final UsageCounts usage;
    /** Per project, the spec and usage last given to the catalog, so a refresh sends only what changed. */
    private final Map<String, Pushed> pushed = new ConcurrentHashMap<>();
    /** Open unless a catch-up that searches must not overtake is running ({@link #holdSearchesUntil}). */
    private volatile CountDownLatch caughtUp = new CountDownLatch(0);

    private record Pushed(int version, RepoSpec spec, Map<FeatureRef, FeatureUsage> usage) {
    }

    /**
     * @param catalog          gives the catalog, opening it on its first call (and the same catalog after)
     * @param registry         the registry to read versions from (the storage registry, e.g.
     *                         {@code RegistryDatabase.registry()})
     * @param registryDatabase the registry database, for statistics and usage
     */
    public CatalogSync(Supplier<? extends Catalog> catalog, Registry registry, DataSource registryDatabase) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.statistics = new StatisticsStore(registryDatabase);
        this.usage = new UsageCounts(registryDatabase);
    }

    /** The catalog, opened if this is its first use. */
    public Catalog catalog() {
        return catalog.get();
    }

    /**
     * Searches the catalog.
     *
     * @throws dev.granary.error.StorageException when the index cannot be read
     */
    public SearchResult search(SearchQuery query) {
        try {
            if (!caughtUp.await(SEARCH_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("catalog: searching while the catch-up is still running after {} s", SEARCH_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return catalog().search(query);
        } catch (CatalogException e) {
            throw new StorageException("The catalog index cannot be searched: " + e.getMessage(), e);
        }
    }

    /**
     * Makes searches wait (up to a minute) until {@code caughtUp} opens: the service catches the index up with the
     * registry in the background after it starts, and a search must not see the index from before.
     */
    void holdSearchesUntil(CountDownLatch caughtUp) {
        this.caughtUp = requireNonNull(caughtUp, "caughtUp is null");
    }

    @Override
    public void versionStored(String project, int version, RepoSpec spec) {
        index(project, spec, version);
    }

    @Override
    public void statisticsStored(String project) {
        registry.currentSpec(project).ifPresent(current -> index(project, current.spec(), current.version()));
    }

    /**
     * Reindexes every project whose indexed version differs from the registry's current one (all of them when
     * the index is new or was emptied).
     *
     * @return the projects reindexed
     */
    public List<String> rebuildStale() {
        List<String> rebuilt = new java.util.ArrayList<>();
        for (ProjectSummary project : registry.projects()) {
            if (catalog().indexedVersion(project.name()) != project.currentVersion()) {
                registry.currentSpec(project.name()).ifPresent(current -> {
                    index(project.name(), current.spec(), current.version());
                    rebuilt.add(project.name());
                });
            }
        }
        if (!rebuilt.isEmpty()) {
            LOG.info("catalog: reindexed stale projects {}", rebuilt);
        }
        return rebuilt;
    }

    /**
     * Pushes the usage counts of every indexed project that changed since the last push into the catalog (no
     * reindexing). It runs every 30 s on the serving machine, so it reads a project's spec only when its
     * version moved and touches the index only for features whose counts did; counts only grow, so comparing
     * with the last push never skips a change.
     */
    public void refreshUsage() {
        for (ProjectSummary project : registry.projects()) {
            String name = project.name();
            if (catalog().indexedVersion(name) < 0) {
                continue;
            }
            Pushed last = pushed.get(name);
            RepoSpec spec = last != null && last.version() == project.currentVersion() ? last.spec()
                    : registry.currentSpec(name).map(CurrentSpec::spec).orElse(null);
            if (spec == null) {
                continue;
            }
            Map<FeatureRef, FeatureUsage> now = usage(name, spec);
            Map<FeatureRef, FeatureUsage> changed = new HashMap<>(now);
            if (last != null) {
                changed.entrySet().removeIf(e -> e.getValue().equals(last.usage().get(e.getKey())));
            }
            catalog().updateUsage(name, changed);
            pushed.put(name, new Pushed(project.currentVersion(), spec, Map.copyOf(now)));
        }
    }

    /**
     * {@link #refreshUsage} with every feature's counts pushed again, changed or not. The server runs it once at
     * start: the first usage update in a JVM runs Lucene's doc-values update path for the first time (~70 classes
     * loaded, shared JDK code deoptimized), which would otherwise happen at the first periodic refresh, 30 s into
     * serving lookups.
     */
    public void pushAllUsage() {
        pushed.replaceAll((name, last) -> new Pushed(last.version(), last.spec(), Map.of()));
        refreshUsage();
    }

    /**
     * What the catalog indexes beside the spec for this project. Statistics of restricted features are left out:
     * the index answers every reader alike, so search hits and facet counts never carry them (their names show;
     * the feature detail gives the statistics to callers granted them).
     */
    CatalogExtras extras(String project, RepoSpec spec) {
        Map<FeatureRef, FeatureStatsSummary> summaries = new HashMap<>();
        statistics.latest(project).forEach((ref, stored) -> {
            if (!spec.restricted(ref.view(), ref.feature())) {
                summaries.put(ref, summary(stored));
            }
        });
        return new CatalogExtras(summaries, usage(project, spec));
    }

    /** Reindexes a project and remembers the usage it indexed, so the next refresh sends only what changed since. */
    private void index(String project, RepoSpec spec, int version) {
        pushed.remove(project);
        CatalogExtras extras = extras(project, spec);
        catalog().replaceProject(project, spec, version, extras);
        pushed.put(project, new Pushed(version, spec, extras.usage()));
    }

    private Map<FeatureRef, FeatureUsage> usage(String project, RepoSpec spec) {
        Map<FeatureRef, Integer> services = new HashMap<>();
        for (FeatureServiceSpec service : spec.featureServices()) {
            service.refs().stream().distinct().forEach(ref -> services.merge(ref, 1, Integer::sum));
        }
        Map<FeatureRef, UsageCounts.Counts> counts = usage.of(project);
        Map<FeatureRef, FeatureUsage> out = new HashMap<>();
        spec.featureViews().forEach(view -> view.featureNames().forEach(name -> {
            FeatureRef ref = new FeatureRef(view.name(), name);
            UsageCounts.Counts c = counts.getOrDefault(ref, UsageCounts.Counts.NONE);
            out.put(ref, new FeatureUsage(services.getOrDefault(ref, 0), c.exports(), c.lookups()));
        }));
        return out;
    }

    static FeatureStatsSummary summary(StoredStatistics stored) {
        FeatureStats s = stored.stats();
        FeatureKind kind = FeatureKind.valueOf(s.kind().name());
        return new FeatureStatsSummary(kind, s.nullFraction(), s.distinctCount(), orNaN(s.min()), orNaN(s.max()),
                orNaN(s.mean()));
    }

    private static double orNaN(Double v) {
        return Optional.ofNullable(v).orElse(Double.NaN);
    }
}
