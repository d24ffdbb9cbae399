package dev.granary.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.spec.ValueType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ReadRowTest {
    private static final Instant T1 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-21T10:00:00Z");

    /** A row blob with field 1 = 0.1 (FLOAT64, with text), 2 = 7 (INT64), 3 = a stored null. */
    private static final byte[] BLOB_A = blob(ValueCodec.encode(ValueType.FLOAT64, 0.1, "a", true),
            ValueCodec.encode(ValueType.INT64, 7L, "b", true), new byte[0]);
    /** Field 1 = "gold" (STRING), 2 = 2.5f (FLOAT32, with text), 3 = 9 (INT32). */
    private static final byte[] BLOB_B = blob(ValueCodec.encode(ValueType.STRING, "gold", "c", true),
            ValueCodec.encode(ValueType.FLOAT32, 2.5f, "d", true), ValueCodec.encode(ValueType.INT32, 9, "e", true));

    @Test
    void valuesOfSeveralStoredRowsKeepTheirOwnBlobAndTime() {
        ReadRow row = threeParts();

        assertThat(List.copyOf(row)).containsExactly(
                new FeatureValue(0.1, T1, FeatureStatus.PRESENT),
                new FeatureValue(null, T1, FeatureStatus.NULL_VALUE),
                FeatureValue.NOT_FOUND, FeatureValue.NOT_FOUND,
                new FeatureValue(9, T2, FeatureStatus.PRESENT),
                new FeatureValue(2.5f, T2, FeatureStatus.PRESENT),
                new FeatureValue(null, T2, FeatureStatus.OUTSIDE_MAX_AGE));
        assertThat(row.eventTime(2)).isNull();
        assertThat(row.eventTime(5)).isEqualTo(T2);
        assertThat(text(row, 0)).isEqualTo("0.1");
        assertThat(text(row, 5)).isEqualTo("2.5");
        assertThat(row.textLength(1)).isEqualTo(-1);
        assertThat(row.textLength(2)).isEqualTo(-1);
        assertThat(row.textLength(4)).as("an INT32 keeps no text").isEqualTo(-1);
        assertThat(row.textLength(6)).as("an expired value prints no text").isEqualTo(-1);
    }

    @Test
    void aSelectionAcrossStoredRowsKeepsValuesTimesAndTexts() {
        ReadRow row = threeParts();
        row.get(4); // one value decoded before the selection, the others not

        ReadRow picked = row.select(new int[] {5, 2, 0, 4, 0});

        assertThat(List.copyOf(picked)).containsExactly(new FeatureValue(2.5f, T2, FeatureStatus.PRESENT),
                FeatureValue.NOT_FOUND, new FeatureValue(0.1, T1, FeatureStatus.PRESENT),
                new FeatureValue(9, T2, FeatureStatus.PRESENT), new FeatureValue(0.1, T1, FeatureStatus.PRESENT));
        assertThat(text(picked, 0)).isEqualTo("2.5");
        assertThat(text(picked, 4)).isEqualTo("0.1");
        assertThat(picked.eventTime(2)).isEqualTo(T1);
        assertThat(picked.eventTime(3)).isEqualTo(T2);
    }

    @Test
    void aRowWhoseFirstViewIsMissingReadsItsOtherViewFromTheRightBlob() {
        ReadRow.Builder b = new ReadRow.Builder(3, 2);
        b.addAbsent(FeatureStatus.NOT_FOUND);
        addB(b, new int[] {1, 3});

        ReadRow row = b.build();

        assertThat(List.copyOf(row)).containsExactly(FeatureValue.NOT_FOUND,
                new FeatureValue("gold", T2, FeatureStatus.PRESENT), new FeatureValue(9, T2, FeatureStatus.PRESENT));
    }

    @Test
    void aValueReadAloneIsTheValueOfItsFeatureValueBeforeAndAfterDecoding() {
        ReadRow row = threeParts();
        List<Object> alone = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            alone.add(row.value(i));
        }
        List<Object> expected = new ArrayList<>();
        for (FeatureValue v : List.copyOf(row)) {
            expected.add(v.value());
        }

        assertThat(alone).isEqualTo(expected).containsExactly(0.1, null, null, null, 9, 2.5f, null);
        assertThat(row.value(5)).as("after decoding, the kept value").isSameAs(row.get(5).value());
        assertThat(ReadRow.of(List.of(new FeatureValue("x", T1, FeatureStatus.PRESENT), FeatureValue.NOT_FOUND))
                .value(0)).isEqualTo("x");
        assertThatThrownBy(() -> row.value(7)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void onlyAPresentStoredFloat64IsReadUnboxed() {
        ReadRow row = threeParts();
        List<Integer> unboxed = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            if (row.isStoredDouble(i)) {
                unboxed.add(i);
            }
        }

        assertThat(unboxed).as("0.1 only: not the null, the absent, the INT32 9 or the FLOAT32 2.5").containsExactly(0);
        assertThat(row.storedDouble(0)).isEqualTo(0.1).isEqualTo(row.value(0));
        assertThat(ReadRow.of(List.of(new FeatureValue(0.5, T1, FeatureStatus.PRESENT))).isStoredDouble(0))
                .as("a given value has no stored bytes").isFalse();
    }

    @Test
    void aRowOfGivenValuesAnswersFromThem() {
        List<FeatureValue> values = List.of(new FeatureValue(1L, T1, FeatureStatus.PRESENT), FeatureValue.NOT_FOUND,
                new FeatureValue(null, T2, FeatureStatus.NULL_VALUE));

        ReadRow row = ReadRow.of(values);

        assertThat(List.copyOf(row)).isEqualTo(values);
        assertThat(row.status(2)).isEqualTo(FeatureStatus.NULL_VALUE);
        assertThat(row.eventTime(0)).isEqualTo(T1);
        assertThat(row.eventTime(2)).isEqualTo(T2);
        assertThat(row.textLength(0)).isEqualTo(-1);
        assertThat(List.copyOf(row.select(new int[] {2, 0}))).containsExactly(values.get(2), values.get(0));
        assertThatThrownBy(() -> row.copyText(0, new byte[8], 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBuilderRefusesARowOfTheWrongWidth() {
        ReadRow.Builder b = new ReadRow.Builder(2, 1);
        b.addAbsent(FeatureStatus.NOT_FOUND);

        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("1 values");
    }

    @Test
    void threadsReadingOneRowAtOnceSeeTheSameValues() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                ReadRow row = threeParts();
                List<Callable<List<FeatureValue>>> readers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    readers.add(() -> List.copyOf(row));
                }
                List<FeatureValue> expected = List.copyOf(threeParts());
                for (Future<List<FeatureValue>> seen : pool.invokeAll(readers)) {
                    assertThat(seen.get()).isEqualTo(expected);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Part A (0.1, stored null), a missing view (two NOT_FOUND), part B (9, 2.5f, then an expired one). */
    private static ReadRow threeParts() {
        ReadRow.Builder b = new ReadRow.Builder(7, 3);
        int[] a = new int[2];
        RowCodec.locate(BLOB_A, 0, new int[] {1, 3}, a);
        b.part(BLOB_A, T1);
        b.addStored(a[0]);
        b.addAbsent(FeatureStatus.NULL_VALUE);
        b.addAbsent(FeatureStatus.NOT_FOUND);
        b.addAbsent(FeatureStatus.NOT_FOUND);
        addB(b, new int[] {3, 2});
        b.addAbsent(FeatureStatus.OUTSIDE_MAX_AGE);
        return b.build();
    }

    private static void addB(ReadRow.Builder b, int[] ids) {
        int[] at = new int[ids.length];
        RowCodec.locate(BLOB_B, 0, ids, at);
        b.part(BLOB_B, T2);
        for (int start : at) {
            b.addStored(start);
        }
    }

    private static String text(ReadRow row, int index) {
        byte[] out = new byte[row.textLength(index)];
        row.copyText(index, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    private static byte[] blob(byte[]... values) {
        byte[][] ids = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            ids[i] = ByteBuffer.allocate(4).putInt(i + 1).array();
        }
        return RowCodec.encode(ids, values);
    }
}
