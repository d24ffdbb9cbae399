package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link IsoInstant} writes what {@link Instant#toString()} writes, for every instant it accepts. */
class IsoInstantTest {
    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Test
    void writesTheTextOfInstantToString() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1),
                Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(0, 1_000), Instant.ofEpochSecond(0, 1_000_000),
                Instant.ofEpochSecond(0, 999_999_999), Instant.ofEpochSecond(0, 120_000_000),
                Instant.ofEpochSecond(0, 123_400_000), Instant.ofEpochSecond(0, 100_000_100),
                Instant.parse("2024-02-29T23:59:59.999999Z"), Instant.parse("1900-03-01T00:00:00Z"),
                Instant.ofEpochSecond(FIRST), Instant.ofEpochSecond(LAST, 999_999_999)));
        SplittableRandom random = new SplittableRandom(7);
        int[] nanoKinds = {0, 1_000_000, 1_000, 1};
        for (int i = 0; i < 200_000; i++) {
            int unit = nanoKinds[random.nextInt(nanoKinds.length)];
            long second = i % 2 == 0 ? random.nextLong(FIRST, LAST + 1) : random.nextLong(0, 4_102_444_800L);
            instants.add(Instant.ofEpochSecond(second, unit == 0 ? 0 : random.nextInt(1_000_000_000 / unit) * (long) unit));
        }
        byte[] buf = new byte[IsoInstant.MAX_LENGTH + 4];
        for (Instant t : instants) {
            assertThat(IsoInstant.fits(t)).as("%s", t).isTrue();
            int end = IsoInstant.write(t, buf, 2);
            assertThat(new String(buf, 2, end - 2, StandardCharsets.US_ASCII)).isEqualTo(t.toString());
        }
    }

    @Test
    void yearsBeyondFourDigitsAreLeftToTheJdk() {
        assertThat(IsoInstant.fits(Instant.ofEpochSecond(FIRST - 1))).isFalse();
        assertThat(IsoInstant.fits(Instant.ofEpochSecond(LAST + 1))).isFalse();
        assertThat(IsoInstant.fits(Instant.MAX)).isFalse();
        assertThat(IsoInstant.fits(Instant.MIN)).isFalse();
    }
}
