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

    /** {@code text} as an instant, null when absent; {@code field} is how the user named it ({@code start}, {@code END}). */
    public static Instant parse(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, field + " '" + text + "' is not an ISO-8601 instant; write it like"
                    + " 2026-11-20T00:00:00Z");
        }
    }
}
