package dev.granary.online;

import static dev.granary.online.OnlineStoreUnderTest.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The {@link OnlineStore} contract, part: a row is never seen half written: not by concurrent readers, not after a
 * batch is cut off by a crash.
 */
public interface AtomicityContract extends OnlineStoreUnderTest {

    @Test
    default void readersNeverSeeAHalfWrittenRow() throws Exception {
        FeatureViewSpec wide = wideView();
        List<String> names = wide.featureNames();
        List<EntityKey> keys = IntStream.range(0, 50).mapToObj(EntityKey::of).toList();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                for (long version = 1; version <= 150; version++) {
                    store().write(PROJECT, wide, names, rowsAtVersion(keys, names.size(), version));
                }
                return null;
            });
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    long checked = 0;
                    while (!stop.get()) {
                        for (List<FeatureValue> row : store().read(PROJECT, wide, names, keys, T0)) {
                            assertWhole(row);
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            writer.get(60, TimeUnit.SECONDS);
            stop.set(true);
            for (Future<Long> reader : readers) {
                assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    @Test
    default void aBatchCutOffMidWayLeavesEachRowEntirelyOldOrNew() throws Exception {
        FeatureViewSpec wide = wideView();
        List<String> names = wide.featureNames();
        List<EntityKey> keys = IntStream.range(0, 20_000).mapToObj(EntityKey::of).toList();
        store().write(PROJECT, wide, names, rowsAtVersion(keys, names.size(), 1));
        List<OnlineRow> newer = rowsAtVersion(keys, names.size(), 2);

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = pool.submit(() -> store().write(PROJECT, wide, names, newer));
            // cut off once the new batch has begun landing (or has finished, which must also hold)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!writer.isDone() && System.nanoTime() < deadline
                    && !Long.valueOf(2).equals(readOne(wide, names.subList(0, 1), keys.get(0), T0).get(0).value())) {
                Thread.onSpinWait();
            }
            crashStore();
            try {
                writer.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
                assertThat(expected.getCause()).isInstanceOf(RuntimeException.class);
            }
        } finally {
            pool.shutdownNow();
        }

        restart();
        List<ReadRow> read = store().read(PROJECT, wide, names, keys, T0);
        for (List<FeatureValue> row : read) {
            assertWhole(row);
            assertThat(row.get(0).value()).isIn(1L, 2L);
        }
        // converges: repeating the batch completes it
        WriteResult repeat = store().write(PROJECT, wide, names, newer);
        assertThat(repeat.rows()).isEqualTo(keys.size());
        assertThat(store().read(PROJECT, wide, names, keys, T0)).allSatisfy(row ->
                assertThat(row).extracting(FeatureValue::value).containsOnly(2L));
    }

    private static FeatureViewSpec wideView() {
        return view("wide", List.of("driver"), 0,
                IntStream.range(0, 10).mapToObj(i -> new FeatureSpec("f" + i, ValueType.INT64)).toList());
    }

    /** Every feature holds the version and the row's event time is T0 + version seconds. */
    private static List<OnlineRow> rowsAtVersion(List<EntityKey> keys, int features, long version) {
        List<Object> values = Collections.nCopies(features, version);
        return keys.stream().map(k -> new OnlineRow(k, T0.plusSeconds(version), values)).toList();
    }

    private static void assertWhole(List<FeatureValue> row) {
        FeatureValue first = row.get(0);
        if (first.status() == FeatureStatus.NOT_FOUND) {
            assertThat(row).containsOnly(FeatureValue.NOT_FOUND);
            return;
        }
        assertThat(first.status()).isEqualTo(FeatureStatus.PRESENT);
        assertThat(first.eventTime()).isEqualTo(T0.plusSeconds((Long) first.value()));
        assertThat(row).containsOnly(first);
    }
}
