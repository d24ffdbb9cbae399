package dev.granary.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.error.BadRequestException;
import dev.granary.error.NotFoundException;
import dev.granary.offline.ProgressListener;
import dev.granary.offline.stats.FeatureStats;
import dev.granary.materialization.MaterializationJobs;
import dev.granary.materialization.MaterializeRequest;
import dev.granary.materialization.Materializer;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.online.OnlineStore;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.CheckedRegistry;
import dev.granary.registry.ProjectNotFoundException;
import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.TestDatabases;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.Samples;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics computed from Parquet data and stored in {@code feature_statistics} on PostgreSQL. */
class StatisticsServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path root;

    private TestDatabases.PgSchema schema;
    private RegistryDatabase database;
    private CheckedRegistry registry;
    private StatisticsStore store;
    private final List<String> told = new ArrayList<>();
    private StatisticsService service;

    @BeforeEach
    void open() {
        schema = TestDatabases.freshPostgresSchema();
        database = schema.open();
        registry = new CheckedRegistry(database.registry(), spec -> List.of(), spec -> List.of(), List.of());
        store = new StatisticsStore(database.dataSource());
        service = new StatisticsService(registry, store, root, List.of(told::add), Clock.fixed(NOW, ZoneOffset.UTC));
        RidesData.write(root);
        registry.apply(Samples.rides(), new ApplyOptions("alice", null, false, null));
    }

    @AfterEach
    void close() {
        database.close();
        schema.drop();
    }

    @Test
    void aSuccessfulMaterializationComputesTheStatisticsOfWhatItWrote() throws Exception {
        Instant start = RidesData.T0;
        Instant end = RidesData.T0.plusSeconds(3600L * 19);
        Path onlineDir = java.nio.file.Files.createTempDirectory(root, "online");
        try (OnlineStore online = OnlineStore.embedded(onlineDir);
             MaterializationJobs jobs = MaterializationJobs.create(
                     Materializer.create(registry, database.dataSource(), new ParquetOfflineEngine(), online, root),
                     database.dataSource(), 1, List.of(new StatisticsAfterMaterialization(service)))) {
            jobs.run(MaterializeRequest.range("rides", start, end, List.of("driver_stats")), null);
        }

        StoredStatistics conv = store.latest("rides", "driver_stats", "conv_rate").orElseThrow();
        assertThat(conv.rangeStart()).isEqualTo(start);
        assertThat(conv.rangeEnd()).isEqualTo(end);
        assertThat(conv.stats().count()).isPositive();
        assertThat(store.latest("rides", "customer_profile", "segment")).as("only the views materialized").isEmpty();
    }

    @Test
    void statisticsAreStoredWithTheVersionAndTheRangeTheyDescribe() {
        Instant start = RidesData.T0.plusSeconds(3600L * 10);
        Instant end = RidesData.T0.plusSeconds(3600L * 19);

        List<StoredStatistics> rows = service.compute("rides", List.of("driver_stats"), start, end, ProgressListener.NONE);

        assertThat(rows).extracting(r -> r.stats().feature()).containsExactly("conv_rate", "acc_rate", "trips");
        StoredStatistics trips = store.latest("rides", "driver_stats", "trips").orElseThrow();
        assertThat(trips.specVersion()).isEqualTo(1);
        assertThat(trips.rangeStart()).isEqualTo(start);
        assertThat(trips.rangeEnd()).isEqualTo(end);
        assertThat(trips.computedAt()).isEqualTo(NOW);
        assertThat(trips.stats()).isEqualTo(rows.get(2).stats()); // the JSON round trip keeps every field
        assertThat(trips.stats().count()).isEqualTo(10);
        double mean = java.util.stream.IntStream.rangeClosed(10, 19).map(i -> i % 4).average().orElseThrow();
        assertThat(trips.stats().mean()).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(told).containsExactly("rides");
        assertThat(store.latest("rides", "customer_profile", "segment")).as("only the views asked for").isEmpty();
    }

    @Test
    void anOpenRangeIsStoredAsTheEventTimesSeenAndNewerVersionsWin() {
        service.compute("rides", null, null, null, ProgressListener.NONE);
        StoredStatistics v1 = store.latest("rides", "customer_profile", "segment").orElseThrow();
        assertThat(v1.rangeStart()).isEqualTo(RidesData.T0);
        assertThat(v1.rangeEnd()).isEqualTo(RidesData.T0.plusSeconds(86_400L * (RidesData.CUSTOMER_ROWS - 1)));
        FeatureStats segment = v1.stats();
        assertThat(segment.topValues().getFirst().value()).isEqualTo("silver");
        assertThat(segment.topValues().getFirst().estimate()).isEqualTo(RidesData.CUSTOMER_ROWS - RidesData.CUSTOMER_ROWS / 3);

        registry.apply(dev.granary.registry.Specs.withExtraFeature(Samples.rides(), "acc_rate_copy"),
                new ApplyOptions("bob", null, false, null));
        service.compute("rides", List.of("customer_profile"), RidesData.T0, RidesData.T0, ProgressListener.NONE);

        assertThat(store.latest("rides", "customer_profile", "segment").orElseThrow().specVersion()).isEqualTo(2);
        assertThat(store.latest("rides", "customer_profile", "segment").orElseThrow().stats().count()).isEqualTo(1);
        Map<FeatureRef, StoredStatistics> latest = store.latest("rides");
        assertThat(latest.get(new FeatureRef("customer_profile", "segment")).specVersion()).isEqualTo(2);
        assertThat(latest.get(new FeatureRef("driver_stats", "conv_rate")).specVersion()).as("older, still the newest").isEqualTo(1);
    }

    @Test
    void badRequestsNameTheFieldAndStoreNothing() {
        assertThatThrownBy(() -> service.compute("rides", List.of("nope"), null, null, ProgressListener.NONE))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("nope").hasMessageContaining("driver_stats")
                .extracting(e -> ((NotFoundException) e).field()).isEqualTo("views");
        assertThatThrownBy(() -> service.compute("rides", null, RidesData.T0.plusSeconds(1), RidesData.T0,
                ProgressListener.NONE)).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> service.compute("ghost", null, null, null, ProgressListener.NONE))
                .isInstanceOf(ProjectNotFoundException.class);
        assertThat(store.latest("rides")).isEmpty();
        assertThat(told).isEmpty();
    }
}
