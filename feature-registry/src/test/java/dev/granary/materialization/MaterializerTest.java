package dev.granary.materialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.jobs.Job;
import dev.granary.jobs.JobNotFoundException;
import dev.granary.jobs.JobStatus;
import dev.granary.error.BadRequestException;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.offline.AsOfBatch;
import dev.granary.online.EntityKey;
import dev.granary.online.FeatureStatus;
import dev.granary.online.FeatureValue;
import dev.granary.online.OnlineStore;
import dev.granary.online.ReadRow;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistryDatabase;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.FeatureViewSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Materialization into the embedded store, checked against a brute-force oracle and the offline engine. */
class MaterializerTest {
    private static final int DRIVERS = 300;

    @TempDir
    Path dir;
    private OnlineTestRepo repo;
    private RegistryDatabase database;
    private OnlineStore store;
    private Materializer materializer;
    private final ParquetOfflineEngine engine = new ParquetOfflineEngine();

    @BeforeEach
    void setUp() {
        repo = OnlineTestRepo.create(dir, "mat_" + UUID.randomUUID().toString().substring(0, 8), DRIVERS, 20, null);
        database = RegistryDatabase.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", null);
        database.registry().apply(repo.spec(), new ApplyOptions("test", null, false, null));
        store = OnlineStore.embedded(dir.resolve(".granary/online"));
        materializer = Materializer.create(database.registry(), database.dataSource(), engine, store, dir, 64);
    }

    @AfterEach
    void tearDown() {
        store.close();
        database.close();
    }

    @Test
    void materializeWritesThePointInTimeValuesAsOfEnd() {
        Instant start = repo.now().minus(Duration.ofHours(10));
        Instant end = repo.now().minus(Duration.ofMinutes(90));
        MaterializationResult result = materializer.run(MaterializeRequest.range(repo.project(), start, end,
                List.of("driver_stats")), null);

        Map<Long, OnlineTestRepo.DriverRow> expected = repo.asOf(start, end, 86_400);
        Map<Long, Long> trips = repo.tripsOneDay(start, end);
        assertThat(result.views()).singleElement().satisfies(v -> assertThat(v.applied()).isEqualTo(expected.size()));
        List<ReadRow> read = readDrivers("driver_stats", List.of("conv_rate", "acc_rate", "trips", "trips_1d"),
                end);
        for (long d = 1; d <= DRIVERS; d++) {
            List<FeatureValue> row = read.get((int) d - 1);
            OnlineTestRepo.DriverRow want = expected.get(d);
            assertThat(want).as("driver %d has rows in range", d).isNotNull();
            assertThat(row.get(0).eventTime()).isEqualTo(want.time());
            if (want.convRate() == null) {
                assertThat(row.get(0).status()).isEqualTo(FeatureStatus.NULL_VALUE);
            } else {
                assertThat(row.get(0).value()).isEqualTo(want.convRate());
            }
            assertThat(row.get(1).value()).isEqualTo(want.accRate());
            assertThat(row.get(2).value()).isEqualTo(want.trips());
            assertThat(((Number) row.get(3).value()).longValue()).isEqualTo(trips.get(d));
        }
    }

    @Test
    void materializedValuesMatchTheOfflineEnginesAsOfRows() {
        Instant start = repo.now().minus(Duration.ofHours(2));
        Instant end = repo.now();
        materializer.run(MaterializeRequest.range(repo.project(), start, end, List.of()), null);
        for (String name : List.of("driver_stats", "driver_recent", "customer_stats")) {
            FeatureViewSpec view = repo.view(name);
            List<AsOfBatch.Row> rows = new ArrayList<>();
            engine.asOf(repo.spec(), view, start, end, dir, 1000, batch -> rows.addAll(batch.rows()));
            List<EntityKey> keys = rows.stream().map(r -> new EntityKey(r.keys())).toList();
            List<ReadRow> read = store.read(repo.project(), view, view.featureNames(), keys, end);
            for (int i = 0; i < rows.size(); i++) {
                for (int f = 0; f < view.featureNames().size(); f++) {
                    Object want = rows.get(i).values().get(f);
                    Object got = read.get(i).get(f).value();
                    assertThat(got == null ? null : got.toString()).as("%s %s %s", name, keys.get(i),
                            view.featureNames().get(f)).isEqualTo(want == null ? null : want.toString());
                    assertThat(read.get(i).get(f).eventTime()).isEqualTo(rows.get(i).eventTimestamp());
                }
            }
        }
    }

    @Test
    void incrementalStartsAtEndMinusTtlThenAtTheWatermark() {
        Instant end1 = repo.now().minus(Duration.ofMinutes(100));
        MaterializationResult first = materializer.run(MaterializeRequest.incremental(repo.project(), end1,
                List.of("driver_recent")), null);
        assertThat(first.views().getFirst().start()).isEqualTo(end1.minusSeconds(3_600));
        assertThat(materializer.watermark(repo.project(), "driver_recent")).contains(end1);

        Instant end2 = repo.now();
        MaterializationResult second = materializer.run(MaterializeRequest.incremental(repo.project(), end2,
                List.of("driver_recent")), null);
        assertThat(second.views().getFirst().start()).isEqualTo(end1);
        assertThat(materializer.watermark(repo.project(), "driver_recent")).contains(end2);

        Map<Long, OnlineTestRepo.DriverRow> expected = repo.asOf(end1, end2, 3_600);
        List<ReadRow> read = readDrivers("driver_recent", List.of("conv_rate"), end2);
        for (Map.Entry<Long, OnlineTestRepo.DriverRow> e : expected.entrySet()) {
            assertThat(read.get((int) (e.getKey() - 1)).getFirst().eventTime()).isEqualTo(e.getValue().time());
        }

        MaterializationResult third = materializer.run(MaterializeRequest.incremental(repo.project(), end2,
                List.of("driver_recent")), null);
        assertThat(third.views().getFirst().upToDate()).isTrue();
    }

    @Test
    void incrementalOfAViewWithoutTtlStartsFromTheBeginning() {
        MaterializationResult result = materializer.run(MaterializeRequest.incremental(repo.project(), repo.now(),
                List.of("customer_stats")), null);
        assertThat(result.views().getFirst().start()).isEqualTo(Materializer.BEGINNING);
        assertThat(result.views().getFirst().applied()).isEqualTo(20);
    }

    @Test
    void aFailedViewKeepsItsWatermarkWhileFinishedViewsMoveTheirs() throws Exception {
        Instant end1 = repo.now().minus(Duration.ofHours(2));
        materializer.run(MaterializeRequest.incremental(repo.project(), end1, List.of()), null);
        Files.move(dir.resolve("data/customers.parquet"), dir.resolve("data/customers.moved"));

        Instant end2 = repo.now();
        assertThatThrownBy(() -> materializer.run(MaterializeRequest.incremental(repo.project(), end2,
                List.of("driver_stats", "customer_stats")), null)).isInstanceOf(RuntimeException.class);
        assertThat(materializer.watermark(repo.project(), "driver_stats")).contains(end2);
        assertThat(materializer.watermark(repo.project(), "customer_stats")).contains(end1);
    }

    @Test
    void rerunningSkipsEveryRowAsNotNewer() {
        MaterializeRequest request = MaterializeRequest.range(repo.project(), repo.now().minus(Duration.ofDays(1)),
                repo.now(), List.of("driver_stats"));
        long written = materializer.run(request, null).views().getFirst().applied();
        MaterializationResult again = materializer.run(request, null);
        assertThat(again.views().getFirst().applied()).isZero();
        assertThat(again.views().getFirst().skipped()).isEqualTo(written);
    }

    @Test
    void olderRunsNeverMoveValuesBack() {
        Instant now = repo.now();
        materializer.run(MaterializeRequest.range(repo.project(), now.minus(Duration.ofDays(1)), now,
                List.of("driver_stats")), null);
        materializer.run(MaterializeRequest.range(repo.project(), now.minus(Duration.ofDays(1)),
                now.minus(Duration.ofMinutes(150)), List.of("driver_stats")), null);
        Map<Long, OnlineTestRepo.DriverRow> newest = repo.asOf(now.minus(Duration.ofDays(1)), now, 86_400);
        List<ReadRow> read = readDrivers("driver_stats", List.of("trips"), now);
        for (long d = 1; d <= DRIVERS; d++) {
            assertThat(read.get((int) d - 1).getFirst().value()).isEqualTo(newest.get(d).trips());
        }
    }

    @Test
    void unknownOrOfflineViewsAreRefusedNamingThem() {
        assertThatThrownBy(() -> materializer.run(MaterializeRequest.range(repo.project(), repo.now().minusSeconds(60),
                repo.now(), List.of("driver_stats", "nope")), null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("views");
                    assertThat(e.getMessage()).contains("'nope'").contains("driver_stats");
                });
        assertThatThrownBy(() -> materializer.views(MaterializeRequest.range(repo.project(), repo.now().minusSeconds(60),
                repo.now(), List.of("driver_archive"))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("not online");
    }

    @Test
    void jobsRecordStatusProgressRowsAndFailures() throws Exception {
        try (MaterializationJobs jobs = MaterializationJobs.create(materializer, database.dataSource(), 1)) {
            Job queued = jobs.submit(MaterializeRequest.range(repo.project(), repo.now().minus(Duration.ofDays(1)),
                    repo.now(), List.of("driver_stats")));
            assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
            Job done = await(jobs, queued.id());
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.rows()).isEqualTo(DRIVERS);
            assertThat(done.progress()).isEqualTo(1.0);
            assertThat(done.message()).contains("driver_stats");

            Files.delete(dir.resolve("data/customers.parquet"));
            Job failing = jobs.submit(MaterializeRequest.incremental(repo.project(), repo.now(),
                    List.of("customer_stats")));
            Job failed = await(jobs, failing.id());
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.message()).contains("customers").contains("watermarks did not move");
            assertThat(materializer.watermark(repo.project(), "customer_stats")).isEmpty();
            assertThatThrownBy(() -> jobs.job("no-such-job")).isInstanceOf(JobNotFoundException.class);
        }
    }

    private static Job await(MaterializationJobs jobs, String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Job job = jobs.job(id);
            if (job.status().isTerminal()) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish: " + jobs.job(id));
    }

    private List<ReadRow> readDrivers(String view, List<String> features, Instant now) {
        List<EntityKey> keys = new ArrayList<>();
        for (long d = 1; d <= DRIVERS; d++) {
            keys.add(EntityKey.of(d));
        }
        return store.read(repo.project(), repo.view(view), features, keys, now);
    }

}
