package dev.granary.assembly;

import static java.util.Objects.requireNonNull;

import dev.granary.catalog.CatalogSync;
import dev.granary.config.GranaryConfig;
import dev.granary.export.TrainingSets;
import dev.granary.health.HealthCheck;
import dev.granary.health.HealthRecords;
import dev.granary.health.log.FeatureLog;
import dev.granary.health.log.ParquetLogSink;
import dev.granary.health.log.QueuedFeatureLog;
import dev.granary.jobs.JobStore;
import dev.granary.materialization.Materializer;
import dev.granary.metrics.GranaryMetrics;
import dev.granary.offline.OfflineEngine;
import dev.granary.offline.OfflineEngines;
import dev.granary.online.OnlineStore;
import dev.granary.registry.CheckedRegistry;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.RegistryListener;
import dev.granary.registry.RegistrySql;
import dev.granary.search.LuceneCatalog;
import dev.granary.serving.CircuitBreakingOnlineStore;
import dev.granary.serving.OnlineFeatureService;
import dev.granary.serving.OnlineStores;
import dev.granary.statistics.StatisticsListener;
import dev.granary.statistics.StatisticsService;
import dev.granary.statistics.StatisticsStore;
import java.time.Clock;
import java.util.List;

/**
 * The object graph of a Granary service, built from one {@link GranaryConfig}: the registry database, the online
 * store and the catalog index (each opened on first use and closed with the parts), and the registry, statistics,
 * export, materialization and lookup services built on them. The server's Spring configuration classes expose these
 * parts as beans and the command line builds the same ones, so both run the same wiring.
 *
 * <p>Not thread-safe while parts are being opened: the server opens them during start-up, a CLI command on one
 * thread.
 */
public final class GranaryParts implements AutoCloseable {
    private final GranaryConfig config;
    private final boolean command;
    private RegistryDatabase database;
    private OnlineStore onlineStore;
    private CircuitBreakingOnlineStore guardedOnlineStore;
    private GranaryMetrics metrics;
    private LuceneCatalog catalog;
    private CatalogSync catalogSync;
    private OfflineEngine offlineEngine;
    private FeatureLog featureLog;
    /** Set by {@link #close()}: no part opens after it, so a late caller cannot reopen what was just closed. */
    private volatile boolean closed;

    private GranaryParts(GranaryConfig config, boolean command) {
        this.config = requireNonNull(config, "config is null");
        this.command = command;
    }

    /** Parts of a long-running service (the server) for {@code config}; nothing is opened yet. */
    public static GranaryParts of(GranaryConfig config) {
        return new GranaryParts(config, false);
    }

    /**
     * Parts for one command of a short-lived process (the CLI): as {@link #of}, but an embedded registry gets the
     * lighter pool of {@link RegistryDatabase#openForCommand}.
     */
    public static GranaryParts forCommand(GranaryConfig config) {
        return new GranaryParts(config, true);
    }

    public GranaryConfig config() {
        return config;
    }

    /**
     * The service's one metrics registry ({@code GET /metrics}), made on first use; it reads the registry
     * database's connection failures once both exist.
     */
    public GranaryMetrics metrics() {
        if (metrics == null) {
            requireOpen();
            metrics = GranaryMetrics.create();
            if (database != null) {
                metrics.registryErrors(database::connectionFailures);
            }
        }
        return metrics;
    }

    /** The registry database of {@code registry.*}, opened on first use. */
    public RegistryDatabase registryDatabase() {
        if (database == null) {
            requireOpen();
            database = command ? RegistryDatabase.openForCommand(config.registry())
                    : RegistryDatabase.open(config.registry());
            if (metrics != null) {
                metrics.registryErrors(database::connectionFailures);
            }
        }
        return database;
    }

    /** The online store of {@code online.*} (embedded or Redis), opened on first use. */
    public OnlineStore onlineStore() {
        if (onlineStore == null) {
            requireOpen();
            onlineStore = OnlineStores.open(config.online());
        }
        return onlineStore;
    }

    /**
     * The online store behind its circuit breaker, made on first use: lookups, pushes and materializations all call
     * it, so a failing Redis costs each of them a quick failure rather than a wait, and any of them that sees Redis
     * answer again closes the circuit for all. Its state and failures are in {@link #metrics()}.
     */
    public CircuitBreakingOnlineStore guardedOnlineStore() {
        if (guardedOnlineStore == null) {
            requireOpen();
            guardedOnlineStore = new CircuitBreakingOnlineStore(onlineStore(), metrics());
        }
        return guardedOnlineStore;
    }

    /**
     * The Lucene index at {@code catalog.path}, opened on first use. Synchronized: the service opens it from
     * whichever comes first, the catalog's first refresh (in the background once the server answers), a search or
     * an apply.
     *
     * @throws dev.granary.search.CatalogException when the index cannot be opened (another process holds it)
     */
    public synchronized LuceneCatalog catalog() {
        if (catalog == null) {
            requireOpen();
            catalog = LuceneCatalog.open(config.catalog().path());
        }
        return catalog;
    }

    /**
     * The catalog kept in step with the registry: it reads the registry database directly rather than through a
     * registry built here, so the registry can announce versions to it without a cycle. It opens the index on its
     * first use of it, not here.
     */
    public CatalogSync catalogSync() {
        if (catalogSync == null) {
            requireOpen();
            catalogSync = new CatalogSync(this::catalog, registryDatabase().registry(),
                    registryDatabase().dataSource());
        }
        return catalogSync;
    }

    /**
     * The engine {@code offline.engine} names: in process (the default) or Spark, which starts on its first call
     * ({@link OfflineEngines}).
     */
    public OfflineEngine offlineEngine() {
        if (offlineEngine == null) {
            requireOpen();
            offlineEngine = OfflineEngines.create(config.offline().engine(), config.offline().engineSettings());
        }
        return offlineEngine;
    }

    /**
     * The registry over the registry database: with {@code checkData}, specs are checked against their Parquet data
     * (with {@code engine}) before plan and apply; each stored version is announced to {@code listeners}.
     */
    public CheckedRegistry registry(OfflineEngine engine, boolean checkData, List<RegistryListener> listeners) {
        requireNonNull(engine, "engine is null");
        return new CheckedRegistry(registryDatabase().registry(), spec -> List.of(), // the local user owns the files
                checkData ? spec -> engine.checkSources(spec, config.offline().root()) : spec -> List.of(),
                listeners);
    }

    /** Feature statistics of the data under {@code offline.root}, telling {@code listeners} when stored. */
    public StatisticsService statistics(Registry registry, List<StatisticsListener> listeners) {
        return new StatisticsService(registry, new StatisticsStore(registryDatabase().dataSource()),
                config.offline().root(), listeners);
    }

    /** The job table every kind of job shares, recording job durations and lost jobs in {@link #metrics()}. */
    public JobStore jobStore() {
        GranaryMetrics recorded = metrics();
        return new JobStore(new RegistrySql(registryDatabase().dataSource()), Clock.systemUTC(),
                new JobStore.Events() {
                    @Override
                    public void ended(String kind, String status, java.time.Duration took) {
                        recorded.jobEnded(kind, status, took);
                    }

                    @Override
                    public void lost(String kind) {
                        recorded.jobLost(kind);
                    }
                });
    }

    /** Training-set export with {@code engine}, entity files resolved against the repository folder. */
    public TrainingSets trainingSets(Registry registry, OfflineEngine engine) {
        return new TrainingSets(registry, engine, registryDatabase().dataSource(), config.repoDir(),
                config.offline().root());
    }

    /**
     * Materialization from {@code engine} into the online store, through its circuit breaker
     * ({@link #guardedOnlineStore()}), counting rows into {@link #metrics()}.
     */
    public Materializer materializer(Registry registry, OfflineEngine engine) {
        GranaryMetrics recorded = metrics();
        return Materializer.create(registry, registryDatabase().dataSource(), engine, guardedOnlineStore(),
                config.offline().root(), config.limits().futureSkew(),
                (project, view, written, notNewer) -> {
                    recorded.materialized(project, view, "written", written);
                    recorded.materialized(project, view, "not_newer", notNewer);
                });
    }

    /**
     * Online lookups on the online store with specs from {@code registry} ({@code defaultProject} when a query names
     * none), counting lookups into the registry database. Close it to flush the counts.
     */
    public OnlineFeatureService onlineFeatures(Registry registry, String defaultProject) {
        return OnlineFeatureService.create(registry, registryDatabase().dataSource(), onlineStore(), defaultProject,
                featureLog());
    }

    /** Health checks of feature services against the registry, the data under {@code offline.root} and the feature log. */
    public HealthCheck healthCheck(Registry registry) {
        return new HealthCheck(registry, new HealthRecords(registryDatabase().dataSource()), config.offline().root(),
                config.project(), Clock.systemUTC());
    }

    /** The log of what logging feature services serve, as Parquet under {@code offline.root}; written out on close. */
    public FeatureLog featureLog() {
        if (featureLog == null) {
            requireOpen();
            featureLog = QueuedFeatureLog.to(new ParquetLogSink(config.offline().root()));
        }
        return featureLog;
    }

    /**
     * Throws when the parts are closed. A part is asked after {@link #close()} only by a background task that
     * outlived the service (a catalog round as the server stops); reopening the part there would leave it open,
     * holding its files or connections, with nobody to close it.
     */
    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Granary's parts are closed; a part is not reopened after close()");
        }
    }

    private synchronized void closeCatalog() {
        if (catalog != null) {
            catalog.close();
            catalog = null;
        }
        catalogSync = null;
    }

    /**
     * Closes what was opened, catalog first, registry database and metrics last; closing again does nothing. No part
     * opens after this.
     */
    @Override
    public void close() {
        closed = true;
        if (featureLog != null) {
            featureLog.close();
            featureLog = null;
        }
        closeCatalog();
        if (onlineStore != null) {
            onlineStore.close();
            onlineStore = null;
            guardedOnlineStore = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }
}
