package dev.granary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.offline.ProgressListener;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.CheckedRegistry;
import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.TestDatabases;
import dev.granary.search.Catalog;
import dev.granary.search.CatalogExtras;
import dev.granary.search.Facet;
import dev.granary.search.FeatureKind;
import dev.granary.search.FeatureUsage;
import dev.granary.search.Hit;
import dev.granary.search.LuceneCatalog;
import dev.granary.search.ObjectKind;
import dev.granary.search.SearchQuery;
import dev.granary.search.SearchResult;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.Samples;
import dev.granary.statistics.RidesData;
import dev.granary.statistics.StatisticsService;
import dev.granary.statistics.StatisticsStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog follows the registry through the real {@link CheckedRegistry} on PostgreSQL and a Lucene index. */
class CatalogSyncTest {
    @TempDir
    Path dir;

    private TestDatabases.PgSchema schema;
    private RegistryDatabase database;
    private LuceneCatalog catalog;
    private CatalogSync sync;
    private CheckedRegistry registry;

    @BeforeEach
    void open() {
        schema = TestDatabases.freshPostgresSchema();
        database = schema.open();
        openCatalog();
    }

    private void openCatalog() {
        catalog = LuceneCatalog.open(dir.resolve("catalog"));
        sync = new CatalogSync(() -> catalog, database.registry(), database.dataSource());
        registry = new CheckedRegistry(database.registry(), spec -> List.of(), spec -> List.of(), List.of(sync));
    }

    @AfterEach
    void close() {
        catalog.close();
        database.close();
        schema.drop();
    }

    private static RepoSpec withoutAccRate(RepoSpec spec) {
        List<FeatureViewSpec> views = spec.featureViews().stream().map(v -> !v.name().equals("driver_stats") ? v
                : new FeatureViewSpec(v.name(), v.entities(), v.source(), v.ttlSeconds(), v.online(),
                        v.features().stream().filter(f -> !f.name().equals("acc_rate")).toList(), v.aggregations(),
                        v.owner(), v.tags(), v.description())).toList();
        return new RepoSpec(spec.project(), spec.entities(), spec.sources(), views, spec.featureServices());
    }

    private Optional<Hit> feature(String qualifiedName) {
        SearchResult result = sync.search(SearchQuery.of(qualifiedName.substring(qualifiedName.indexOf(':') + 1))
                .filter(Facet.TYPE, "feature"));
        return result.hits().stream().filter(h -> h.qualifiedName().equals(qualifiedName)).findFirst();
    }

    private static ApplyOptions force() {
        return new ApplyOptions("alice", null, true, null);
    }

    @Test
    void aRemovedFeatureDisappearsAfterApplyAndARollbackRestoresIt() {
        registry.apply(Samples.rides(), force());
        assertThat(feature("driver_stats:acc_rate")).isPresent();

        registry.apply(withoutAccRate(Samples.rides()), force());
        assertThat(feature("driver_stats:acc_rate")).isEmpty();
        assertThat(feature("driver_stats:conv_rate")).isPresent();
        assertThat(catalog.indexedVersion("rides")).isEqualTo(2);

        registry.rollback("rides", 1, "bob");
        assertThat(feature("driver_stats:acc_rate")).isPresent();
        assertThat(catalog.indexedVersion("rides")).isEqualTo(3);
    }

    @Test
    void aStaleCatalogIsRebuiltFromTheRegistryOnStart() {
        CheckedRegistry unannounced = new CheckedRegistry(database.registry(), spec -> List.of(), spec -> List.of(), List.of());
        unannounced.apply(Samples.rides(), force());
        assertThat(catalog.isEmpty()).isTrue();

        assertThat(sync.rebuildStale()).containsExactly("rides");
        assertThat(feature("driver_stats:acc_rate")).isPresent();
        assertThat(sync.rebuildStale()).as("up to date: nothing to do").isEmpty();

        // a version stored while the catalog is closed (the CLI while the server held it, say)
        catalog.close();
        unannounced.apply(withoutAccRate(Samples.rides()), force());
        openCatalog();
        assertThat(catalog.indexedVersion("rides")).as("the index remembers its version").isEqualTo(1);

        assertThat(sync.rebuildStale()).containsExactly("rides");
        assertThat(catalog.indexedVersion("rides")).isEqualTo(2);
        assertThat(feature("driver_stats:acc_rate")).isEmpty();
    }

    @Test
    void refreshedUsageReordersEquallyRelevantFeatures() {
        SearchQuery query = applyTwins("alpha", "beta");

        setLookups("beta", 1000);
        sync.refreshUsage();
        assertRanking(query, "beta:score", "alpha:score");

        setLookups("alpha", 100_000);
        sync.refreshUsage();
        assertRanking(query, "alpha:score", "beta:score");
        assertThat(catalog.indexedVersion("twins")).as("usage does not reindex").isEqualTo(1);
    }

    @Test
    void pushingAllUsageAgainKeepsTheCountsAndTheIndexedVersion() {
        SearchQuery query = applyTwins("alpha", "beta");
        setLookups("beta", 1000);

        sync.pushAllUsage();
        assertRanking(query, "beta:score", "alpha:score");
        sync.pushAllUsage();
        assertRanking(query, "beta:score", "alpha:score");
        setLookups("alpha", 100_000);
        sync.refreshUsage();
        assertRanking(query, "alpha:score", "beta:score"); // a refresh after it still sends what changed
        assertThat(catalog.indexedVersion("twins")).as("usage does not reindex").isEqualTo(1);
    }

    @Test
    void pushAllUsageSendsUnchangedCountsWhereARefreshSendsNone() {
        RecordingCatalog recording = new RecordingCatalog(catalog);
        CatalogSync watched = new CatalogSync(() -> recording, database.registry(), database.dataSource());
        new CheckedRegistry(database.registry(), spec -> List.of(), spec -> List.of(), List.of(watched)).apply(twins("alpha", "beta"),
                force());

        watched.refreshUsage();
        assertThat(recording.usageUpdates).as("nothing changed since indexing").containsExactly(0);
        watched.pushAllUsage();
        assertThat(recording.usageUpdates).as("both features, unchanged").containsExactly(0, 2);
    }

    /** The real catalog, with the size of every usage update it was given. */
    private record RecordingCatalog(Catalog real, List<Integer> usageUpdates) implements Catalog {
        RecordingCatalog(Catalog real) {
            this(real, new java.util.ArrayList<>());
        }

        @Override
        public void updateUsage(String project, java.util.Map<FeatureRef, FeatureUsage> usage) {
            usageUpdates.add(usage.size());
            real.updateUsage(project, usage);
        }

        @Override
        public void replaceProject(String project, RepoSpec spec, int specVersion, CatalogExtras extras) {
            real.replaceProject(project, spec, specVersion, extras);
        }

        @Override
        public void removeProject(String project) {
            real.removeProject(project);
        }

        @Override
        public long indexedVersion(String project) {
            return real.indexedVersion(project);
        }

        @Override
        public boolean isEmpty() {
            return real.isEmpty();
        }

        @Override
        public SearchResult search(SearchQuery query) {
            return real.search(query);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @Test
    void usageOfAFeatureANewVersionAddsIsPushedByTheNextRefresh() {
        SearchQuery query = applyTwins("alpha", "beta");
        setLookups("beta", 1000);
        sync.refreshUsage();
        sync.refreshUsage();
        assertRanking(query, "beta:score", "alpha:score");

        registry.apply(twins("alpha", "beta", "gamma"), force());
        setLookups("gamma", 50_000);
        sync.refreshUsage();
        assertRanking(query, "gamma:score", "beta:score", "alpha:score");
    }

    /** Applies {@link #twins} and returns the search for their features, which differ only by usage. */
    private SearchQuery applyTwins(String... views) {
        registry.apply(twins(views), force());
        return SearchQuery.of("score").filter(Facet.PROJECT, "twins");
    }

    private void assertRanking(SearchQuery query, String... qualifiedNames) {
        assertThat(sync.search(query).hits()).extracting(Hit::qualifiedName).containsExactly(qualifiedNames);
    }

    private static RepoSpec twins(String... views) {
        RepoSpec rides = Samples.rides();
        FeatureViewSpec template = rides.featureView("driver_stats").orElseThrow();
        List<FeatureViewSpec> twins = List.of(views).stream().map(name -> new FeatureViewSpec(name,
                template.entities(), template.source(), 0, true,
                List.of(new dev.granary.spec.FeatureSpec("score", dev.granary.spec.ValueType.FLOAT64, "conv_rate",
                        "Driver score")), List.of(), "", null, "")).toList();
        return new RepoSpec("twins", rides.entities(), rides.sources(), twins, List.of());
    }

    private void setLookups(String view, long lookups) {
        try (var connection = database.dataSource().getConnection(); var statement = connection.prepareStatement(
                "INSERT INTO feature_usage (project, view_name, feature, exports, lookups) VALUES ('twins', ?, 'score', 0, ?)"
                        + " ON CONFLICT (project, view_name, feature) DO UPDATE SET lookups = EXCLUDED.lookups")) {
            statement.setString(1, view);
            statement.setLong(2, lookups);
            statement.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void statisticsAndUsageAreIndexedAsExtras() {
        RidesData.write(dir);
        registry.apply(Samples.rides(), force());
        try (var connection = database.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute("INSERT INTO feature_usage (project, view_name, feature, exports, lookups)"
                    + " VALUES ('rides', 'driver_stats', 'trips', 5, 100)");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(feature("driver_stats:conv_rate").orElseThrow().stats()).as("no statistics yet").isNull();

        new StatisticsService(registry, new StatisticsStore(database.dataSource()), dir, List.of(sync))
                .compute("rides", null, null, null, ProgressListener.NONE);

        Hit convRate = feature("driver_stats:conv_rate").orElseThrow();
        assertThat(convRate.stats()).isNotNull();
        assertThat(convRate.stats().kind()).isEqualTo(FeatureKind.NUMERIC);
        long nulls = java.util.stream.IntStream.range(0, RidesData.DRIVER_ROWS).filter(i -> RidesData.convRate(i) == null).count();
        assertThat(convRate.stats().nullFraction()).isEqualTo((double) nulls / RidesData.DRIVER_ROWS);
        SearchResult categorical = sync.search(SearchQuery.of("").filter(Facet.KIND, "categorical"));
        assertThat(categorical.hits()).extracting(Hit::qualifiedName).containsExactly("customer_profile:segment");

        CatalogExtras extras = sync.extras("rides", Samples.rides());
        assertThat(extras.usage().get(new FeatureRef("driver_stats", "trips"))).isEqualTo(new FeatureUsage(1, 5, 100));
        assertThat(extras.usage().get(new FeatureRef("driver_stats", "acc_rate"))).isEqualTo(FeatureUsage.NONE);
        assertThat(extras.stats().keySet().stream().map(FeatureRef::toString).collect(Collectors.toSet()))
                .contains("driver_stats:conv_rate", "customer_profile:segment", "driver_activity:trips_7d");
        assertThat(feature("driver_stats:trips").orElseThrow().type()).isEqualTo(ObjectKind.FEATURE);
    }
}
