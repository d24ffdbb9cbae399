package dev.granary.online;

import static dev.granary.online.OnlineStoreUnderTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@link OnlineStore} contract, part: a row is applied only when it is newer than the stored one, whatever the
 * order, batching or concurrency of the writes.
 */
public interface NewerWinsContract extends OnlineStoreUnderTest {

    @Test
    default void olderAndEqualTimestampWritesAreSkipped() {
        EntityKey key = EntityKey.of(1);
        store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(key, T0, 0.5, 1L)));

        WriteResult older = store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(key, T0.minusSeconds(1), 0.1, 2L)));
        WriteResult equal = store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(key, T0, 0.9, 3L)));
        assertThat(readOne(DRIVER, DRIVER_FEATURES, key, T0)).extracting(FeatureValue::value).containsExactly(0.5, 1L);

        WriteResult newer = store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(key, T0.plusNanos(1000), 0.7, 4L)));
        assertThat(older).isEqualTo(new WriteResult(0, 1));
        assertThat(equal).isEqualTo(new WriteResult(0, 1));
        assertThat(newer).isEqualTo(new WriteResult(1, 0));
        assertThat(readOne(DRIVER, DRIVER_FEATURES, key, T0)).containsExactly(
                new FeatureValue(0.7, T0.plusNanos(1000), FeatureStatus.PRESENT),
                new FeatureValue(4L, T0.plusNanos(1000), FeatureStatus.PRESENT));
    }

    @Test
    default void theSameEntityTwiceInOneBatchKeepsTheNewerRow() {
        EntityKey key = EntityKey.of(5);
        WriteResult result = store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(
                row(key, T0.plusSeconds(2), 0.2, 2L), row(key, T0.plusSeconds(1), 0.1, 1L), row(key, T0.plusSeconds(3), 0.3, 3L)));

        assertThat(result).isEqualTo(new WriteResult(2, 1));
        assertThat(readOne(DRIVER, DRIVER_FEATURES, key, T0)).extracting(FeatureValue::value).containsExactly(0.3, 3L);
    }

    @Test
    default void aNewerWriteOfSomeFeaturesKeepsTheOthers() {
        EntityKey key = EntityKey.of(1);
        store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(key, T0, 0.5, 1L)));
        store().write(PROJECT, DRIVER, List.of("trips"), List.of(row(key, T0.plusSeconds(1), 2L)));

        assertThat(readOne(DRIVER, DRIVER_FEATURES, key, T0)).extracting(FeatureValue::value).containsExactly(0.5, 2L);
    }

    /**
     * Small batches over few entities (many writers racing for the same keys), and large batches over many (every
     * batch spans every node of a Cluster, with some entities twice in one batch).
     */
    @ParameterizedTest(name = "{0} writers x {1} batches of {2} rows over {3} entities")
    @CsvSource({"6, 300, 5, 20", "4, 15, 400, 300"})
    default void concurrentWritersLeaveTheNewestValueOfEachEntity(int threads, int writesPerThread, int rowsPerBatch,
            int keys) throws Exception {
        ConcurrentHashMap<Integer, Long> newest = new ConcurrentHashMap<>();
        AtomicLong applied = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < writesPerThread; i++) {
                        List<OnlineRow> batch = new ArrayList<>();
                        for (int b = 0; b < rowsPerBatch; b++) {
                            int k = random.nextInt(keys);
                            long micros = random.nextInt(1_000_000);
                            newest.merge(k, micros, Math::max);
                            batch.add(row(EntityKey.of(k), T0.plusNanos(micros * 1000), (double) micros, micros));
                        }
                        WriteResult r = store().write(PROJECT, DRIVER, DRIVER_FEATURES, batch);
                        applied.addAndGet(r.applied());
                        skipped.addAndGet(r.skipped());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<EntityKey> all = IntStream.range(0, keys).mapToObj(EntityKey::of).toList();
        List<ReadRow> read = store().read(PROJECT, DRIVER, DRIVER_FEATURES, all, T0);
        for (int k = 0; k < keys; k++) {
            long expected = newest.get(k);
            assertThat(read.get(k)).as("entity " + k).containsExactly(
                    new FeatureValue((double) expected, T0.plusNanos(expected * 1000), FeatureStatus.PRESENT),
                    new FeatureValue(expected, T0.plusNanos(expected * 1000), FeatureStatus.PRESENT));
        }
        assertThat(applied.get() + skipped.get()).isEqualTo((long) threads * writesPerThread * rowsPerBatch);
        assertThat(applied.get()).isGreaterThanOrEqualTo(keys);
    }

    @Test
    default void repeatedAndOverlappingBatchesConvergeOnTheNewestValues() {
        List<OnlineRow> first = IntStream.range(0, 100)
                .mapToObj(i -> row(EntityKey.of(i), T0, 1.0, 1L)).toList();
        List<OnlineRow> second = IntStream.range(50, 150)
                .mapToObj(i -> row(EntityKey.of(i), T0.plusSeconds(60), 2.0, 2L)).toList();

        WriteResult a = store().write(PROJECT, DRIVER, DRIVER_FEATURES, first);
        WriteResult b = store().write(PROJECT, DRIVER, DRIVER_FEATURES, second);
        WriteResult again = store().write(PROJECT, DRIVER, DRIVER_FEATURES, first);
        WriteResult againB = store().write(PROJECT, DRIVER, DRIVER_FEATURES, second);

        assertThat(List.of(a, b, again, againB)).containsExactly(new WriteResult(100, 0), new WriteResult(100, 0),
                new WriteResult(0, 100), new WriteResult(0, 100));
        List<ReadRow> read = store().read(PROJECT, DRIVER, List.of("trips"),
                IntStream.range(0, 150).mapToObj(EntityKey::of).toList(), T0);
        for (int i = 0; i < 150; i++) {
            assertThat(read.get(i).get(0).value()).as("entity " + i).isEqualTo(i < 50 ? 1L : 2L);
        }
    }
}
