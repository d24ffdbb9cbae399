package dev.granary.serving;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes an instant as ASCII bytes exactly as {@link Instant#toString()} does ({@code 2026-11-23T12:00:00.123456Z}:
 * the fraction in groups of three digits, none when zero), for years 0000-9999; other years go through the JDK.
 * A 100-row answer formats 100 event times, and the JDK's formatter (a print context and a StringBuilder per call)
 * costs about a fifth of writing the whole answer (measured with {@code ./bench online}).
 */
final class IsoInstant {
    /** {@code yyyy-mm-ddThh:mm:ss.nnnnnnnnnZ}. */
    static final int MAX_LENGTH = 30;
    private static final long FIRST_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private IsoInstant() {
    }

    /**
     * Writes {@code t}, which must {@link #fits fit}, at {@code buf[pos]}, which must have {@link #MAX_LENGTH} bytes
     * free, and returns the position after it. Callers hand other years to {@link Instant#toString()}.
     */
    static int write(Instant t, byte[] buf, int pos) {
        long second = t.getEpochSecond();
        int secondOfDay = (int) Math.floorMod(second, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(second, 86_400L));
        pos = digits(date.getYear(), 4, buf, pos);
        buf[pos++] = '-';
        pos = digits(date.getMonthValue(), 2, buf, pos);
        buf[pos++] = '-';
        pos = digits(date.getDayOfMonth(), 2, buf, pos);
        buf[pos++] = 'T';
        pos = digits(secondOfDay / 3600, 2, buf, pos);
        buf[pos++] = ':';
        pos = digits(secondOfDay / 60 % 60, 2, buf, pos);
        buf[pos++] = ':';
        pos = digits(secondOfDay % 60, 2, buf, pos);
        int nano = t.getNano();
        if (nano != 0) {
            buf[pos++] = '.';
            if (nano % 1_000_000 == 0) {
                pos = digits(nano / 1_000_000, 3, buf, pos);
            } else if (nano % 1_000 == 0) {
                pos = digits(nano / 1_000, 6, buf, pos);
            } else {
                pos = digits(nano, 9, buf, pos);
            }
        }
        buf[pos++] = 'Z';
        return pos;
    }

    /** Whether {@link #write} handles {@code t} itself (years 0000-9999). */
    static boolean fits(Instant t) {
        return t.getEpochSecond() >= FIRST_SECOND && t.getEpochSecond() <= LAST_SECOND;
    }

    /** {@code value} (>= 0) in exactly {@code width} digits, zero-padded. */
    private static int digits(int value, int width, byte[] buf, int pos) {
        for (int i = pos + width - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return pos + width;
    }
}
