package dev.granary.cli;

import dev.granary.catalog.CatalogSync;
import dev.granary.config.GranaryConfig;
import dev.granary.offline.ArrowOfflineEngine;
import dev.granary.offline.OfflineEngine;
import dev.granary.registry.CheckedRegistry;
import dev.granary.registry.Registry;
import java.util.List;
import dev.granary.registry.RegistryDatabase;
import dev.granary.online.OnlineStore;
import dev.granary.search.LuceneCatalog;
import dev.granary.serving.OnlineStores;
import dev.granary.statistics.StatisticsService;
import dev.granary.statistics.StatisticsStore;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * One feature repository as the CLI sees it: its folder, its configuration and, opened on first use, its
 * registry. Closing it releases the embedded databases so the next command can open them.
 */
final class Workspace implements AutoCloseable {
    private final GranaryConfig config;
    private RegistryDatabase database;
    private OnlineStore onlineStore;
    private LuceneCatalog catalog;
    private CatalogSync catalogSync;

    private Workspace(GranaryConfig config) {
        this.config = config;
    }

    static Workspace open(GranaryConfig config) {
        return new Workspace(config);
    }

    GranaryConfig config() {
        return config;
    }

    Path repoDir() {
        return config.repoDir();
    }

    /** The registry, checking specs against their Parquet data before plan and apply. */
    Registry registry() {
        return registry(true);
    }

    /** The registry; with {@code checkData} false, plan and apply skip the checks against the Parquet data. */
    Registry registry(boolean checkData) {
        OfflineEngine engine = new ArrowOfflineEngine();
        // the catalog opens only when a version is stored; if it cannot (the server holds it), the warning is
        // logged and the server's refresh picks the version up
        return new CheckedRegistry(database().registry(),
                checkData ? spec -> engine.checkSources(spec, config.offline().root()) : spec -> List.of(),
                List.of((project, version, spec) -> catalog().versionStored(project, version, spec)));
    }

    /**
     * The embedded catalog at {@code catalog.path} kept in step with the registry, opened on first use and closed
     * with the workspace.
     *
     * @throws dev.granary.search.CatalogException when the index cannot be opened (for example while
     *                                             {@code granary serve} holds it)
     */
    CatalogSync catalog() {
        if (catalogSync == null) {
            catalog = LuceneCatalog.open(config.catalog().path());
            catalogSync = new CatalogSync(catalog, database().registry(), database().dataSource());
        }
        return catalogSync;
    }

    /** Feature statistics of this repository's data; the catalog is told when they are stored. */
    StatisticsService statistics() {
        return new StatisticsService(registry(), new StatisticsStore(database().dataSource()), config.offline().root(),
                List.of(project -> catalog().statisticsStored(project)));
    }

    /** The registry database's pool (for job and watermark tables), opening the registry if needed. */
    DataSource registryDataSource() {
        return database().dataSource();
    }

    private RegistryDatabase database() {
        if (database == null) {
            if (config.registry().isEmbedded()) {
                ServerLock.requireNoServer(config.repoDir(), "registry");
            }
            database = RegistryDatabase.open(config.registry());
        }
        return database;
    }

    /** The online store of {@code online.*}, opened on first use and closed with the workspace. */
    OnlineStore onlineStore() {
        if (onlineStore == null) {
            if (config.online().type() == GranaryConfig.OnlineType.EMBEDDED) {
                ServerLock.requireNoServer(config.repoDir(), "online store");
            }
            onlineStore = OnlineStores.open(config.online());
        }
        return onlineStore;
    }

    /** Who is applying: {@code GRANARY_AUTHOR}, else the operating-system user. */
    static String author() {
        String author = System.getenv("GRANARY_AUTHOR");
        return author == null || author.isBlank() ? System.getProperty("user.name", "unknown") : author;
    }

    /** Closes what was opened; closing again does nothing. */
    @Override
    public void close() {
        if (catalog != null) {
            catalog.close();
            catalog = null;
            catalogSync = null;
        }
        if (onlineStore != null) {
            onlineStore.close();
            onlineStore = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
