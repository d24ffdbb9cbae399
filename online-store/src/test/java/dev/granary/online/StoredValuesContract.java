package dev.granary.online;

import static dev.granary.online.OnlineStoreUnderTest.row;
import static dev.granary.online.OnlineStoreUnderTest.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The {@link OnlineStore} contract, part: values come back as written: every type, nulls, what is not there, time
 * to live, and the decimal text of floating values.
 */
public interface StoredValuesContract extends OnlineStoreUnderTest {

    @Test
    default void writtenValuesOfEveryTypeReadBackTypedWithTheirEventTime() {
        Instant written = Instant.parse("2026-11-20T10:00:00.123456789Z");
        List<Object> values = List.of(true, 7, 1L << 40, 1.5f, 2.25, "héllo", new byte[] {1, 2, 3},
                Instant.parse("2026-01-02T03:04:05.678901Z"),
                List.of(true, false), List.of(1, -2), List.of(3L, Long.MIN_VALUE), List.of(0.5f), List.of(1.0, -2.5),
                List.of("a", "", "ü"), List.of(new byte[] {9}, new byte[0]), List.of(Instant.EPOCH, T0));
        List<String> names = ALL_TYPES.featureNames();
        assertThat(values).hasSameSizeAs(names);

        WriteResult result = store().write(PROJECT, ALL_TYPES, names, List.of(new OnlineRow(EntityKey.of(1), written, values)));
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
    default void floatingValuesComeWithTheShortestDecimalTextOfTheValueRead() {
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
        store().write(PROJECT, floats, names, rows);
        List<EntityKey> keys = new ArrayList<>(IntStream.range(0, 200).mapToObj(EntityKey::of).toList());
        keys.addAll(List.of(EntityKey.of(500), EntityKey.of(501), EntityKey.of(999)));

        List<ReadRow> read = store().read(PROJECT, floats, names, keys, T0);

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
        assertThat(store().read(PROJECT, floats, names, keys.subList(0, 1), T0.plusSeconds(7200)).get(0).textLength(0))
                .as("an expired value has no value and no text").isEqualTo(-1);
    }

    @Test
    default void aStoreKeepingNoFloatTextReadsOldRowsAndWritesNewOnesWithoutIt() throws Exception {
        store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.1, 1L),
                row(EntityKey.of(4), T0, 0.9, 9L)));

        restartWithoutFloatText();
        store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(2), T0, 0.2, 2L),
                row(EntityKey.of(1), T0.plusSeconds(1), 0.3, 3L)));
        store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(3), T0, 0.4, 4L)));
        List<ReadRow> read = store().read(PROJECT, DRIVER, DRIVER_FEATURES,
                List.of(EntityKey.of(1), EntityKey.of(2), EntityKey.of(3), EntityKey.of(4)), T0.plusSeconds(1));

        assertThat(read).extracting(r -> r.get(0).value()).containsExactly(0.3, 0.2, 0.4, 0.9);
        assertThat(read.subList(0, 3)).extracting(r -> r.textLength(0)).containsOnly(-1);
        assertThat(text(read.get(3), 0)).as("a row written with its text keeps it").isEqualTo("0.9");
        restart();
        store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(2), T0.plusSeconds(2), 0.5, 5L)));
        ReadRow rewritten = store().read(PROJECT, DRIVER, DRIVER_FEATURES, List.of(EntityKey.of(2)), T0).get(0);
        assertThat(text(rewritten, 0)).isEqualTo("0.5");
    }

    private static String text(ReadRow row, int index) {
        byte[] out = new byte[row.textLength(index)];
        row.copyText(index, out, 0);
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    default void storedNullsReadAsNullValueAndUnwrittenFeaturesAsNotFound() {
        List<String> names = ALL_TYPES.featureNames();
        store().write(PROJECT, ALL_TYPES, names, List.of(new OnlineRow(EntityKey.of(2), T0,
                Collections.nCopies(names.size(), null))));
        store().write(PROJECT, DRIVER, List.of("trips"), List.of(row(EntityKey.of(3), T0, 4L)));

        assertThat(readOne(ALL_TYPES, names, EntityKey.of(2), T0))
                .containsOnly(new FeatureValue(null, T0, FeatureStatus.NULL_VALUE));
        assertThat(readOne(DRIVER, DRIVER_FEATURES, EntityKey.of(3), T0)).containsExactly(
                FeatureValue.NOT_FOUND, new FeatureValue(4L, T0, FeatureStatus.PRESENT));
    }

    @Test
    default void unknownEntitiesAndUnwrittenViewsAreNotFound() {
        store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.5, 1L)));

        assertThat(readOne(DRIVER, DRIVER_FEATURES, EntityKey.of(999), T0)).containsOnly(FeatureValue.NOT_FOUND);
        assertThat(readOne(CUSTOMER, List.of("tier"), EntityKey.of(1), T0)).containsOnly(FeatureValue.NOT_FOUND);
    }

    @Test
    default void ttlIsAppliedAtReadTimeWithTheBoundaryStillPresent() {
        FeatureViewSpec hourly = view("hourly", List.of("driver"), 3600, List.of(new FeatureSpec("x", ValueType.INT64)));
        FeatureViewSpec forever = view("forever", List.of("driver"), 0, List.of(new FeatureSpec("y", ValueType.INT64)));
        store().write(PROJECT, hourly, List.of("x"), List.of(row(EntityKey.of(1), T0, 5L), row(EntityKey.of(2), T0, (Object) null)));
        store().write(PROJECT, forever, List.of("y"), List.of(row(EntityKey.of(1), T0, 6L)));

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
}
