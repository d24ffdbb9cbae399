package dev.granary.export;

import dev.granary.error.BadRequestException;
import dev.granary.error.DurationField;
import dev.granary.error.InstantField;
import dev.granary.offline.EntityQuery;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads an entity query from the words of the command line and the REST body ({@code asOf}, {@code rangeStart},
 * {@code rangeEnd}, {@code every}), refusing bad combinations with the field to fix.
 */
public final class EntityQueries {
    private EntityQueries() {
    }

    /** The query, or null when none of the fields is given. */
    public static EntityQuery of(String asOf, String rangeStart, String rangeEnd, String every) {
        Instant time = InstantField.parse("asOf", blankToNull(asOf));
        Instant start = InstantField.parse("rangeStart", blankToNull(rangeStart));
        Instant end = InstantField.parse("rangeEnd", blankToNull(rangeEnd));
        Duration step = DurationField.parse("every", every);
        if (time != null) {
            if (start != null || end != null || step != null) {
                throw new BadRequestException("asOf", "give either asOf or a range (rangeStart, rangeEnd), not both");
            }
            return new EntityQuery.AsOf(time);
        }
        if (start == null && end == null) {
            if (step != null) {
                throw new BadRequestException("every", "every needs a range: give rangeStart and rangeEnd too");
            }
            return null;
        }
        if (start == null || end == null) {
            throw new BadRequestException(start == null ? "rangeStart" : "rangeEnd",
                    "a range needs both rangeStart and rangeEnd");
        }
        try {
            return new EntityQuery.Range(start, end, step);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(step != null && e.getMessage().contains("steps") ? "every" : "rangeStart",
                    e.getMessage());
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
