package dev.granary.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every behaviour an {@link OnlineStore} promises, run against each implementation by a thin subclass that only
 * says how to build, reopen and crash the store. Published in the test-jar for future implementations.
 */
public abstract class OnlineStoreContractTest {
    protected static final String PROJECT = "contract";
    protected static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    protected static final FeatureViewSpec ALL_TYPES = view("all_types", List.of("driver"), 0,
            Arrays.stream(ValueType.values()).map(t -> new FeatureSpec(t.name().toLowerCase(), t)).toList());
    protected static final FeatureViewSpec DRIVER = view("driver_stats", List.of("driver"), 0,
            List.of(new FeatureSpec("conv_rate", ValueType.FLOAT64), new FeatureSpec("trips", ValueType.INT64)));
    protected static final FeatureViewSpec CUSTOMER = view("customer_profile", List.of("customer"), 0,
            List.of(new FeatureSpec("tier", ValueType.STRING), new FeatureSpec("age", ValueType.INT32)));

    protected OnlineStore store;

    /** A fresh, empty store (its own key prefix or directory). */
    protected abstract OnlineStore newStore() throws Exception;

    /** Closes {@code current} (if still open) and opens a store on the same data, as a restarted process would. */
    protected abstract OnlineStore reopen(OnlineStore current) throws Exception;

    /** As {@link #reopen}, with floating values written from then on without their decimal text. */
    protected abstract OnlineStore reopenWithoutFloatText(OnlineStore current) throws Exception;

    /** Ends the store abruptly while writes may be in flight, as a killed process or dropped connection would. */
    protected abstract void crash(OnlineStore current) throws Exception;

    /** Removes what {@link #newStore()} created. */
    protected abstract void cleanUp() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        try {
            store.close();
        } finally {
            cleanUp();
        }
    }

    protected static FeatureViewSpec view(String name, List<String> entities, long ttlSeconds, List<FeatureSpec> features) {
        return new FeatureViewSpec(name, entities, "src", ttlSeconds, true, features, List.of(), null, null, null);
    }

    private static OnlineRow row(EntityKey key, Instant ts, Object... values) {
        return new OnlineRow(key, ts, Arrays.asList(values));
    }

    private List<FeatureValue> readOne(FeatureViewSpec view, List<String> features, EntityKey key, Instant now) {
        return store.read(PROJECT, view, features, List.of(key), now).get(0);
    }

    private static final List<String> DRIVER_FEATURES = List.of("conv_rate", "trips");

    @Test
    void writtenValuesOfEveryTypeReadBackTypedWithTheirEventTime() {
        Instant written = Instant.parse("2026-11-20T10:00:00.123456789Z");
        List<Object> values = List.of(true, 7, 1L << 40, 1.5f, 2.25, "héllo", new byte[] {1, 2, 3},
                Instant.parse("2026-01-02T03:04:05.678901Z"),
                List.of(true, false), List.of(1, -2), List.of(3L, Long.MIN_VALUE), List.of(0.5f), List.of(1.0, -2.5),
                List.of("a", "", "ü"), List.of(new byte[] {9}, new byte[0]), List.of(Instant.EPOCH, T0));
        List<String> names = ALL_TYPES.featureNames();
        assertThat(values).hasSameSizeAs(names);

        WriteResult result = store.write(PROJECT, ALL_TYPES, names, List.of(new OnlineRow(EntityKey.of(1), written, values)));
        List<FeatureValue> read = readOne(ALL_TYPES, names, EntityKey.of(1L), T0);

        assertThat(result).isEqualTo(new WriteResult(1, 0));
        assertThat(read).allSatisfy(v -> {
            assertThat(v.status()).isEqualTo(FeatureStatus.PRESENT);
            assertThat(v.eventTime()).isEqualTo(Instant.parse("2026-11-20T10:00:00.123456Z"));
        });
        for (int i = 0; i < names.size(); i++) {
            Object got = read.get(i).value();
            if (names.get(i).equals("bytes_list")) {
                List<?> list = (List<?>) got;
                assertThat(list).hasSize(2);
                assertThat((byte[]) list.get(0)).containsExactly(9);
                assertThat((byte[]) list.get(1)).isEmpty();
            } else {
                assertThat(got).as(names.get(i)).isEqualTo(values.get(i));
            }
        }
        assertThat(read.get(names.indexOf("int32")).value()).isInstanceOf(Integer.class);
        assertThat(read.get(names.indexOf("int64")).value()).isInstanceOf(Long.class);
    }

    @Test
    void floatingValuesComeWithTheShortestDecimalTextOfTheValueRead() {
        FeatureViewSpec floats = view("floats", List.of("driver"), 3600, List.of(new FeatureSpec("d", ValueType.FLOAT64),
                new FeatureSpec("f", ValueType.FLOAT32), new FeatureSpec("n", ValueType.INT64),
                new FeatureSpec("s", ValueType.STRING), new FeatureSpec("l", ValueType.FLOAT64_LIST)));
        List<String> names = floats.featureNames();
        Random random = new Random(7);
        List<OnlineRow> rows = new ArrayList<>();
        List<Object[]> written = new ArrayList<>();
        double[] edges = {0.0, -0.0, 1e-300, 1e21, -123456.789, Double.MIN_VALUE, Double.MAX_VALUE, 1e7, 1e-3};
        for (int e = 0; e < 200; e++) {
            double d = e < edges.length ? edges[e] : random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            float f = (float) (random.nextGaussian() * 1000);
            written.add(new Object[] {d, f});
            rows.add(row(EntityKey.of(e), T0, d, f, (long) e, "x" + e, List.of(d)));
        }
        // no text for a non-finite value (JSON has no number for it), a stored null or an absent row
        rows.add(row(EntityKey.of(500), T0, Double.NaN, Float.POSITIVE_INFINITY, 1L, "y", null));
        rows.add(row(EntityKey.of(501), T0, null, null, null, null, null));
        store.write(PROJECT, floats, names, rows);
        List<EntityKey> keys = new ArrayList<>(IntStream.range(0, 200).mapToObj(EntityKey::of).toList());
        keys.addAll(List.of(EntityKey.of(500), EntityKey.of(501), EntityKey.of(999)));

        List<ReadRow> read = store.read(PROJECT, floats, names, keys, T0);

        for (int e = 0; e < 200; e++) {
            ReadRow row = read.get(e);
            assertThat(text(row, 0)).as("row %d FLOAT64", e).isEqualTo(Double.toString((double) written.get(e)[0]))
                    .isEqualTo(Double.toString((double) row.get(0).value()));
            assertThat(text(row, 1)).as("row %d FLOAT32", e).isEqualTo(Float.toString((float) written.get(e)[1]));
            assertThat(row.textLength(2)).isEqualTo(-1);
            assertThat(row.textLength(3)).isEqualTo(-1);
            assertThat(row.textLength(4)).isEqualTo(-1);
            ReadRow picked = row.select(new int[] {1, 2, 0});
            assertThat(picked).containsExactly(row.get(1), row.get(2), row.get(0));
            assertThat(text(picked, 2)).isEqualTo(text(row, 0));
            assertThat(text(picked, 0)).isEqualTo(text(row, 1));
        }
        for (int e = 200; e < keys.size(); e++) {
            for (int f = 0; f < names.size(); f++) {
                assertThat(read.get(e).textLength(f)).as("row %d feature %d", e, f).isEqualTo(-1);
            }
        }
        assertThat(read.get(200).get(0).value()).isEqualTo(Double.NaN);
        assertThat(store.read(PROJECT, floats, names, keys.subList(0, 1), T0.plusSeconds(7200)).get(0).textLength(0))
                .as("an expired value has no value and no text").isEqualTo(-1);
    }

    @Test
    void aStoreKeepingNoFloatTextReadsOldRowsAndWritesNewOnesWithoutIt() throws Exception {
        store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.1, 1L),
                row(EntityKey.of(4), T0, 0.9, 9L)));

        store = reopenWithoutFloatText(store);
        store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(2), T0, 0.2, 2L),
                row(EntityKey.of(1), T0.plusSeconds(1), 0.3, 3L)));
        store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(3), T0, 0.4, 4L)));
        List<ReadRow> read = store.read(PROJECT, DRIVER, DRIVER_FEATURES,
                List.of(EntityKey.of(1), EntityKey.of(2), EntityKey.of(3), EntityKey.of(4)), T0.plusSeconds(1));

        assertThat(read).extracting(r -> r.get(0).value()).containsExactly(0.3, 0.2, 0.4, 0.9);
        assertThat(read.subList(0, 3)).extracting(r -> r.textLength(0)).containsOnly(-1);
        assertThat(text(read.get(3), 0)).as("a row written with its text keeps it").isEqualTo("0.9");
        store = reopen(store);
        store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(2), T0.plusSeconds(2), 0.5, 5L)));
        ReadRow rewritten = store.read(PROJECT, DRIVER, DRIVER_FEATURES, List.of(EntityKey.of(2)), T0).get(0);
        assertThat(text(rewritten, 0)).isEqualTo("0.5");
    }

    private static String text(ReadRow row, int index) {
        byte[] out = new byte[row.textLength(index)];
        row.copyText(index, out, 0);
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void storedNullsReadAsNullValueAndUnwrittenFeaturesAsNotFound() {
        List<String> names = ALL_TYPES.featureNames();
        store.write(PROJECT, ALL_TYPES, names, List.of(new OnlineRow(EntityKey.of(2), T0,
                Collections.nCopies(names.size(), null))));
        store.write(PROJECT, DRIVER, List.of("trips"), List.of(row(EntityKey.of(3), T0, 4L)));

        assertThat(readOne(ALL_TYPES, names, EntityKey.of(2), T0))
                .containsOnly(new FeatureValue(null, T0, FeatureStatus.NULL_VALUE));
        assertThat(readOne(DRIVER, DRIVER_FEATURES, EntityKey.of(3), T0)).containsExactly(
                FeatureValue.NOT_FOUND, new FeatureValue(4L, T0, FeatureStatus.PRESENT));
    }

    @Test
    void unknownEntitiesAndUnwrittenViewsAreNotFound() {
        store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.5, 1L)));

        assertThat(readOne(DRIVER, DRIVER_FEATURES, EntityKey.of(999), T0)).containsOnly(FeatureValue.NOT_FOUND);
        assertThat(readOne(CUSTOMER, List.of("tier"), EntityKey.of(1), T0)).containsOnly(FeatureValue.NOT_FOUND);
    }

    @Test
    void olderAndEqualTimestampWritesAreSkipped() {
        EntityKey key = EntityKey.of(1);
        store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(key, T0, 0.5, 1L)));

        WriteResult older = store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(key, T0.minusSeconds(1), 0.1, 2L)));
        WriteResult equal = store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(key, T0, 0.9, 3L)));
        assertThat(readOne(DRIVER, DRIVER_FEATURES, key, T0)).extracting(FeatureValue::value).containsExactly(0.5, 1L);

        WriteResult newer = store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(key, T0.plusNanos(1000), 0.7, 4L)));
        assertThat(older).isEqualTo(new WriteResult(0, 1));
        assertThat(equal).isEqualTo(new WriteResult(0, 1));
        assertThat(newer).isEqualTo(new WriteResult(1, 0));
        assertThat(readOne(DRIVER, DRIVER_FEATURES, key, T0)).containsExactly(
                new FeatureValue(0.7, T0.plusNanos(1000), FeatureStatus.PRESENT),
                new FeatureValue(4L, T0.plusNanos(1000), FeatureStatus.PRESENT));
    }

    @Test
    void theSameEntityTwiceInOneBatchKeepsTheNewerRow() {
        EntityKey key = EntityKey.of(5);
        WriteResult result = store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(
                row(key, T0.plusSeconds(2), 0.2, 2L), row(key, T0.plusSeconds(1), 0.1, 1L), row(key, T0.plusSeconds(3), 0.3, 3L)));

        assertThat(result).isEqualTo(new WriteResult(2, 1));
        assertThat(readOne(DRIVER, DRIVER_FEATURES, key, T0)).extracting(FeatureValue::value).containsExactly(0.3, 3L);
    }

    @Test
    void aNewerWriteOfSomeFeaturesKeepsTheOthers() {
        EntityKey key = EntityKey.of(1);
        store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(key, T0, 0.5, 1L)));
        store.write(PROJECT, DRIVER, List.of("trips"), List.of(row(key, T0.plusSeconds(1), 2L)));

        assertThat(readOne(DRIVER, DRIVER_FEATURES, key, T0)).extracting(FeatureValue::value).containsExactly(0.5, 2L);
    }

    /**
     * Small batches over few entities (many writers racing for the same keys), and large batches over many (every
     * batch spans every node of a Cluster, with some entities twice in one batch).
     */
    @ParameterizedTest(name = "{0} writers x {1} batches of {2} rows over {3} entities")
    @CsvSource({"6, 300, 5, 20", "4, 15, 400, 300"})
    void concurrentWritersLeaveTheNewestValueOfEachEntity(int threads, int writesPerThread, int rowsPerBatch,
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
                        WriteResult r = store.write(PROJECT, DRIVER, DRIVER_FEATURES, batch);
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
        List<ReadRow> read = store.read(PROJECT, DRIVER, DRIVER_FEATURES, all, T0);
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
    void repeatedAndOverlappingBatchesConvergeOnTheNewestValues() {
        List<OnlineRow> first = IntStream.range(0, 100)
                .mapToObj(i -> row(EntityKey.of(i), T0, 1.0, 1L)).toList();
        List<OnlineRow> second = IntStream.range(50, 150)
                .mapToObj(i -> row(EntityKey.of(i), T0.plusSeconds(60), 2.0, 2L)).toList();

        WriteResult a = store.write(PROJECT, DRIVER, DRIVER_FEATURES, first);
        WriteResult b = store.write(PROJECT, DRIVER, DRIVER_FEATURES, second);
        WriteResult again = store.write(PROJECT, DRIVER, DRIVER_FEATURES, first);
        WriteResult againB = store.write(PROJECT, DRIVER, DRIVER_FEATURES, second);

        assertThat(List.of(a, b, again, againB)).containsExactly(new WriteResult(100, 0), new WriteResult(100, 0),
                new WriteResult(0, 100), new WriteResult(0, 100));
        List<ReadRow> read = store.read(PROJECT, DRIVER, List.of("trips"),
                IntStream.range(0, 150).mapToObj(EntityKey::of).toList(), T0);
        for (int i = 0; i < 150; i++) {
            assertThat(read.get(i).get(0).value()).as("entity " + i).isEqualTo(i < 50 ? 1L : 2L);
        }
    }

    @Test
    void ttlIsAppliedAtReadTimeWithTheBoundaryStillPresent() {
        FeatureViewSpec hourly = view("hourly", List.of("driver"), 3600, List.of(new FeatureSpec("x", ValueType.INT64)));
        FeatureViewSpec forever = view("forever", List.of("driver"), 0, List.of(new FeatureSpec("y", ValueType.INT64)));
        store.write(PROJECT, hourly, List.of("x"), List.of(row(EntityKey.of(1), T0, 5L), row(EntityKey.of(2), T0, (Object) null)));
        store.write(PROJECT, forever, List.of("y"), List.of(row(EntityKey.of(1), T0, 6L)));

        Instant boundary = T0.plus(Duration.ofHours(1));
        assertThat(readOne(hourly, List.of("x"), EntityKey.of(1), boundary))
                .containsExactly(new FeatureValue(5L, T0, FeatureStatus.PRESENT));
        assertThat(readOne(hourly, List.of("x"), EntityKey.of(1), boundary.plusNanos(1000)))
                .containsExactly(new FeatureValue(null, T0, FeatureStatus.OUTSIDE_MAX_AGE));
        assertThat(readOne(hourly, List.of("x"), EntityKey.of(2), boundary.plusSeconds(1)))
                .containsExactly(new FeatureValue(null, T0, FeatureStatus.OUTSIDE_MAX_AGE));
        assertThat(readOne(forever, List.of("y"), EntityKey.of(1), T0.plus(Duration.ofDays(3650))))
                .containsExactly(new FeatureValue(6L, T0, FeatureStatus.PRESENT));
    }

    @Test
    void compositeKeysAreDistinctAndIntegerWidthsAreTheSameKey() {
        FeatureViewSpec pair = view("pair", List.of("driver", "city"), 0, List.of(new FeatureSpec("v", ValueType.STRING)));
        store.write(PROJECT, pair, List.of("v"), List.of(
                row(EntityKey.of(1, "a"), T0, "1a"), row(EntityKey.of(1, "b"), T0, "1b"),
                row(EntityKey.of("1", "a"), T0, "s1a"), row(EntityKey.of(1), T0, "1")));

        List<ReadRow> read = store.read(PROJECT, pair, List.of("v"), List.of(EntityKey.of(1L, "b"),
                EntityKey.of((short) 1, "a"), EntityKey.of("1", "a"), EntityKey.of(1), EntityKey.of("a", 1)), T0);

        assertThat(read).extracting(r -> r.get(0).value()).containsExactly("1b", "1a", "s1a", "1", null);
    }

    @Test
    void manyEntitiesInOneReadComeBackInInputOrder() {
        List<OnlineRow> rows = IntStream.range(0, 500).mapToObj(i -> row(EntityKey.of("d" + i), T0, i * 0.5, (long) i)).toList();
        store.write(PROJECT, DRIVER, DRIVER_FEATURES, rows);
        List<Integer> order = new ArrayList<>(IntStream.range(0, 600).boxed().toList());
        order.add(7);
        Collections.shuffle(order, new Random(3));

        List<ReadRow> read = store.read(PROJECT, DRIVER, List.of("trips", "conv_rate"),
                order.stream().map(i -> EntityKey.of("d" + i)).toList(), T0);

        assertThat(read).hasSize(order.size());
        for (int i = 0; i < order.size(); i++) {
            int e = order.get(i);
            assertThat(read.get(i)).as("position " + i).containsExactly(e < 500
                    ? new FeatureValue[] {new FeatureValue((long) e, T0, FeatureStatus.PRESENT),
                        new FeatureValue(e * 0.5, T0, FeatureStatus.PRESENT)}
                    : new FeatureValue[] {FeatureValue.NOT_FOUND, FeatureValue.NOT_FOUND});
        }
    }

    @Test
    void multiViewReadConcatenatesEachViewsFeaturesPerRequestRow() {
        store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.1, 10L), row(EntityKey.of(2), T0, 0.2, 20L)));
        store.write(PROJECT, CUSTOMER, List.of("tier", "age"), List.of(row(EntityKey.of("c1"), T0.plusSeconds(5), "gold", 40)));

        List<ReadRow> read = store.read(PROJECT, List.of(
                new ViewRead(DRIVER, List.of("trips"), List.of(EntityKey.of(2), EntityKey.of(1))),
                new ViewRead(CUSTOMER, List.of("age", "tier"), List.of(EntityKey.of("c1"), EntityKey.of("c9")))), T0);

        assertThat(List.<List<FeatureValue>>copyOf(read)).containsExactly(
                List.of(new FeatureValue(20L, T0, FeatureStatus.PRESENT), new FeatureValue(40, T0.plusSeconds(5), FeatureStatus.PRESENT),
                        new FeatureValue("gold", T0.plusSeconds(5), FeatureStatus.PRESENT)),
                List.of(new FeatureValue(10L, T0, FeatureStatus.PRESENT), FeatureValue.NOT_FOUND, FeatureValue.NOT_FOUND));
        assertThatThrownBy(() -> store.read(PROJECT, List.of(new ViewRead(DRIVER, List.of("trips"), List.of(EntityKey.of(1))),
                new ViewRead(CUSTOMER, List.of("age"), List.of())), T0))
                .isInstanceOf(InvalidOnlineRequestException.class).hasMessageContaining("customer_profile");
    }

    @Test
    void deleteViewAndDeleteProjectRemoveOnlyWhatTheyName() {
        store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.1, 1L), row(EntityKey.of(2), T0, 0.2, 2L)));
        store.write(PROJECT, CUSTOMER, List.of("age"), List.of(row(EntityKey.of("c"), T0, 3)));
        store.write("other", DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.9, 9L)));

        assertThat(store.deleteView(PROJECT, DRIVER.name())).isEqualTo(2);
        assertThat(readOne(DRIVER, List.of("trips"), EntityKey.of(1), T0)).containsOnly(FeatureValue.NOT_FOUND);
        assertThat(readOne(CUSTOMER, List.of("age"), EntityKey.of("c"), T0).get(0).value()).isEqualTo(3);

        assertThat(store.deleteProject(PROJECT)).isEqualTo(1);
        assertThat(readOne(CUSTOMER, List.of("age"), EntityKey.of("c"), T0)).containsOnly(FeatureValue.NOT_FOUND);
        assertThat(store.read("other", DRIVER, List.of("trips"), List.of(EntityKey.of(1)), T0).get(0).get(0).value())
                .isEqualTo(9L);
        store.deleteProject("other");
    }

    @Test
    void aReopenedStoreSeesWhatWasWritten() throws Exception {
        store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.1, 1L)));

        store = reopen(store);

        assertThat(readOne(DRIVER, DRIVER_FEATURES, EntityKey.of(1), T0)).containsExactly(
                new FeatureValue(0.1, T0, FeatureStatus.PRESENT), new FeatureValue(1L, T0, FeatureStatus.PRESENT));
        store.ping();
    }

    @Test
    void badInputIsRejectedBeforeAnyRowIsWritten() {
        List<OnlineRow> rows = new ArrayList<>(IntStream.range(0, 10).mapToObj(i -> row(EntityKey.of(i), T0, 0.5, 1L)).toList());
        rows.set(7, row(EntityKey.of(7), T0, 0.5, "seven"));

        assertThatThrownBy(() -> store.write(PROJECT, DRIVER, DRIVER_FEATURES, rows))
                .isInstanceOf(InvalidOnlineRequestException.class).hasMessageContaining("trips").hasMessageContaining("INT64");
        assertThat(store.read(PROJECT, DRIVER, DRIVER_FEATURES, IntStream.range(0, 10).mapToObj(EntityKey::of).toList(), T0))
                .allSatisfy(r -> assertThat(r).containsOnly(FeatureValue.NOT_FOUND));
        assertThatThrownBy(() -> store.write(PROJECT, DRIVER, List.of("nope"), List.of(row(EntityKey.of(1), T0, 1L))))
                .isInstanceOf(InvalidOnlineRequestException.class).hasMessageContaining("nope").hasMessageContaining("driver_stats");
        assertThatThrownBy(() -> store.write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.5))))
                .isInstanceOf(InvalidOnlineRequestException.class).hasMessageContaining("row 0");
        assertThatThrownBy(() -> store.read("bad:project", DRIVER, DRIVER_FEATURES, List.of(EntityKey.of(1)), T0))
                .isInstanceOf(InvalidOnlineRequestException.class).hasMessageContaining("bad:project");
        assertThatThrownBy(() -> EntityKey.of(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Double");
    }

    @Test
    void readersNeverSeeAHalfWrittenRow() throws Exception {
        FeatureViewSpec wide = wideView();
        List<String> names = wide.featureNames();
        List<EntityKey> keys = IntStream.range(0, 50).mapToObj(EntityKey::of).toList();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                for (long version = 1; version <= 150; version++) {
                    store.write(PROJECT, wide, names, rowsAtVersion(keys, names.size(), version));
                }
                return null;
            });
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    long checked = 0;
                    while (!stop.get()) {
                        for (List<FeatureValue> row : store.read(PROJECT, wide, names, keys, T0)) {
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
    void aBatchCutOffMidWayLeavesEachRowEntirelyOldOrNew() throws Exception {
        FeatureViewSpec wide = wideView();
        List<String> names = wide.featureNames();
        List<EntityKey> keys = IntStream.range(0, 20_000).mapToObj(EntityKey::of).toList();
        store.write(PROJECT, wide, names, rowsAtVersion(keys, names.size(), 1));
        List<OnlineRow> newer = rowsAtVersion(keys, names.size(), 2);

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = pool.submit(() -> store.write(PROJECT, wide, names, newer));
            // cut off once the new batch has begun landing (or has finished, which must also hold)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!writer.isDone() && System.nanoTime() < deadline
                    && !Long.valueOf(2).equals(readOne(wide, names.subList(0, 1), keys.get(0), T0).get(0).value())) {
                Thread.onSpinWait();
            }
            crash(store);
            try {
                writer.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
                assertThat(expected.getCause()).isInstanceOf(RuntimeException.class);
            }
        } finally {
            pool.shutdownNow();
        }

        store = reopen(store);
        List<ReadRow> read = store.read(PROJECT, wide, names, keys, T0);
        for (List<FeatureValue> row : read) {
            assertWhole(row);
            assertThat(row.get(0).value()).isIn(1L, 2L);
        }
        // converges: repeating the batch completes it
        WriteResult repeat = store.write(PROJECT, wide, names, newer);
        assertThat(repeat.rows()).isEqualTo(keys.size());
        assertThat(store.read(PROJECT, wide, names, keys, T0)).allSatisfy(row ->
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
