package dev.granary.cli;

import dev.granary.assembly.GranaryParts;
import dev.granary.catalog.CatalogSync;
import dev.granary.config.GranaryConfig;
import dev.granary.config.OnlineType;
import dev.granary.export.TrainingSets;
import dev.granary.health.HealthCheck;
import dev.granary.materialization.Materializer;
import dev.granary.online.OnlineStore;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryDatabase;
import dev.granary.serving.OnlineFeatureService;
import dev.granary.statistics.StatisticsService;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;

/**
 * One feature repository as the CLI sees it: its folder, its configuration and, opened on first use, the parts of
 * the service built from it ({@link GranaryParts}, the same wiring the server runs). Before it opens an embedded
 * registry or online store it checks that no server holds them. Closing it releases the embedded databases so the
 * next command can open them.
 */
final class Workspace implements AutoCloseable {
    private final GranaryConfig config;
    private final GranaryParts parts;
    private boolean databaseChecked;
    private boolean onlineStoreChecked;

    private Workspace(GranaryConfig config) {
        this.config = config;
        this.parts = GranaryParts.forCommand(config);
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

    /**
     * The registry; with {@code checkData} false, plan and apply skip the checks against the Parquet data. A
     * stored version is not indexed here: the catalog catches up with the registry at the next search or server
     * start ({@link CatalogSync#rebuildStale}), so apply does not pay for an index it does not use.
     */
    Registry registry(boolean checkData) {
        database();
        return parts.registry(parts.offlineEngine(), checkData, List.of());
    }

    /**
     * The embedded catalog at {@code catalog.path} kept in step with the registry, opened on first use and closed
     * with the workspace.
     *
     * @throws dev.granary.search.CatalogException when the index cannot be opened (for example while
     *                                             {@code granary serve} holds it)
     */
    CatalogSync catalog() {
        database();
        return parts.catalogSync();
    }

    /** Feature statistics of this repository's data; the catalog is told when they are stored. */
    StatisticsService statistics() {
        return parts.statistics(registry(), List.of(project -> catalog().statisticsStored(project)));
    }

    /** Health checks of feature services on this repository's registry, data and feature logs. */
    HealthCheck health() {
        return parts.healthCheck(registry());
    }

    /** Materialization into the online store, with the server's engine and registry. */
    Materializer materializer() {
        onlineStore();
        return parts.materializer(registry(), parts.offlineEngine());
    }

    /** Training-set export with the server's engine. */
    TrainingSets trainingSets() {
        return parts.trainingSets(registry(), parts.offlineEngine());
    }

    /** Online lookups as the server does them; close the service to write the lookup counts. */
    OnlineFeatureService onlineFeatures(String defaultProject) {
        onlineStore();
        return parts.onlineFeatures(registry(), defaultProject);
    }

    /** The registry database's pool (for job and watermark tables), opening the registry if needed. */
    DataSource registryDataSource() {
        return database().dataSource();
    }

    private RegistryDatabase database() {
        if (!databaseChecked && config.registry().isEmbedded()) {
            ServerLock.requireNoServer(config.repoDir(), "registry");
        }
        databaseChecked = true;
        return parts.registryDatabase();
    }

    /** The online store of {@code online.*}, opened on first use and closed with the workspace. */
    OnlineStore onlineStore() {
        if (!onlineStoreChecked && config.online().type() == OnlineType.EMBEDDED) {
            ServerLock.requireNoServer(config.repoDir(), "online store");
        }
        onlineStoreChecked = true;
        return parts.onlineStore();
    }

    /** Who is applying: {@code GRANARY_AUTHOR}, else the operating-system user. */
    static String author() {
        String author = System.getenv("GRANARY_AUTHOR");
        return author == null || author.isBlank() ? System.getProperty("user.name", "unknown") : author;
    }

    /** Closes what was opened; closing again does nothing. */
    @Override
    public void close() {
        parts.close();
        databaseChecked = false;
        onlineStoreChecked = false;
    }
}
