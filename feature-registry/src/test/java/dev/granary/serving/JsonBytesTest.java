package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link JsonBytes} writes numbers as the JDK's text of them, byte for byte. */
class JsonBytesTest {
    @Test
    void numbersAreWrittenAsTheJdkWritesThem() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder expected = new StringBuilder();
        JsonBytes json = JsonBytes.forThisThread();
        double[] doubles = {0.0, -0.0, 1.0, 0.1, 1e-3, 9.999e-4, 1e7, 9_999_999.0, 1e22, Double.MIN_VALUE,
                Double.MIN_NORMAL, Double.MAX_VALUE, -123.456};
        for (double d : doubles) {
            json.number(d).raw(',');
            expected.append(d).append(',');
        }
        for (int i = 0; i < 100_000; i++) {
            double d = i % 2 == 0 ? random.nextDouble() : Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                json.number(d).raw(',');
                expected.append(d).append(',');
            }
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                json.number(f).raw(',');
                expected.append(f).append(',');
            }
            long l = i % 3 == 0 ? random.nextLong() : random.nextLong(-1_000, 1_000);
            json.number(l).raw(',');
            expected.append(l).append(',');
        }
        for (long l : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 10, 9}) {
            json.number(l).raw(',');
            expected.append(l).append(',');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.writeTo(out);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }
}
