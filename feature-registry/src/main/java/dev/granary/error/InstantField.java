package dev.granary.error;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * An instant a user gives as text (a REST body field, a command-line argument): ISO-8601 or a
 * {@link BadRequestException} naming the field and showing the form, the same words on every door.
 */
public final class InstantField {
    private InstantField() {
    }

    /** The earliest instant a user may give: arithmetic on it (minus a TTL, a window) stays an instant. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest instant a user may give. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /**
     * {@code text} as an instant, null when absent; {@code field} is how the user named it ({@code start},
     * {@code END}). Years outside 0001-9999 are refused like malformed text.
     */
    public static Instant parse(String field, String text) {
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, field + " '" + text + "' is not an ISO-8601 instant; write it like"
                    + " 2026-11-20T00:00:00Z");
        }
        return inRange(field, instant);
    }

    /** {@code instant} if it lies in years 0001-9999, else a {@link BadRequestException} naming {@code field}. */
    public static Instant inRange(String field, Instant instant) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new BadRequestException(field, field + " " + instant + " is out of range; give an instant between "
                    + EARLIEST + " and 9999-12-31T23:59:59Z");
        }
        return instant;
    }

    /**
     * {@code instant} if it is at most {@code skew} after {@code now}, else a {@link BadRequestException} naming
     * {@code field}: an event time or a materialization end in the future would pin values or watermarks there.
     */
    public static Instant notInFuture(String field, Instant instant, Instant now, java.time.Duration skew) {
        inRange(field, instant);
        if (instant.isAfter(now.plus(skew))) {
            throw new BadRequestException(field, field + " " + instant + " is more than " + skew.toSeconds()
                    + " s in the future (now is " + now + "); give a time up to now + limits.futureSkewSeconds");
        }
        return instant;
    }
}
