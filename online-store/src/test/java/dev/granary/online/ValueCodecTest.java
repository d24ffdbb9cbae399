package dev.granary.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.spec.ValueType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ValueCodecTest {

    @Test
    void aFloatingValueIsItsBitsThenItsShortestDecimal() {
        byte[] stored = ValueCodec.encode(ValueType.FLOAT64, 0.1 + 0.2, "x", true);

        int text = ValueCodec.textStart(stored, 0, stored.length);

        assertThat(stored[0]).isEqualTo((byte) (ValueType.FLOAT64.ordinal() + 1));
        assertThat(ByteBuffer.wrap(stored, 1, 8).getDouble()).isEqualTo(0.1 + 0.2);
        assertThat(text).isEqualTo(9);
        assertThat(new String(stored, text, stored.length - text, StandardCharsets.US_ASCII))
                .isEqualTo("0.30000000000000004");
    }

    @Test
    void aValueWrittenWithoutItsTextStillDecodesAndHasNoText() {
        // the layout before the text was kept: tag and bits only
        byte[] old = ByteBuffer.allocate(9).put((byte) (ValueType.FLOAT64.ordinal() + 1)).putDouble(2.5).array();
        byte[] oldFloat = ByteBuffer.allocate(5).put((byte) (ValueType.FLOAT32.ordinal() + 1)).putFloat(1.5f).array();

        assertThat(ValueCodec.decode(old)).isEqualTo(2.5);
        assertThat(ValueCodec.textStart(old, 0, old.length)).isEqualTo(-1);
        assertThat(ValueCodec.decode(oldFloat)).isEqualTo(1.5f);
        assertThat(ValueCodec.textStart(oldFloat, 0, oldFloat.length)).isEqualTo(-1);
    }

    @Test
    void onlyFiniteFloatingScalarsCarryText() {
        assertThat(textStart(ValueCodec.encode(ValueType.FLOAT64, Double.NaN, "x", true))).isEqualTo(-1);
        assertThat(textStart(ValueCodec.encode(ValueType.FLOAT32, Float.NEGATIVE_INFINITY, "x", true))).isEqualTo(-1);
        assertThat(textStart(ValueCodec.encode(ValueType.INT64, 5L, "x", true))).isEqualTo(-1);
        assertThat(textStart(ValueCodec.encode(ValueType.FLOAT64_LIST, java.util.List.of(1.0), "x", true))).isEqualTo(-1);
        assertThat(textStart(ValueCodec.encode(ValueType.FLOAT64, null, "x", true))).isEqualTo(-1);
        byte[] bitsOnly = ValueCodec.encode(ValueType.FLOAT64, 2.5, "x", false);
        assertThat(bitsOnly).hasSize(9);
        assertThat(textStart(bitsOnly)).isEqualTo(-1);
        // a FLOAT32 given as a double keeps the text of the float it is stored as
        byte[] f = ValueCodec.encode(ValueType.FLOAT32, 0.1, "x", true);
        assertThat(new String(Arrays.copyOfRange(f, textStart(f), f.length), StandardCharsets.US_ASCII))
                .isEqualTo(Float.toString(0.1f));
    }

    private static int textStart(byte[] stored) {
        return ValueCodec.textStart(stored, 0, stored.length);
    }
}
