package dev.granary.error;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration a user gives as text: a number with a unit ({@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}) or
 * ISO-8601 ({@code PT1H}); anything else is a {@link BadRequestException} naming the field and showing the forms.
 */
public final class DurationField {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

    private DurationField() {
    }

    /** {@code text} as a positive duration, null when absent; {@code field} is how the user named it. */
    public static Duration parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Duration duration;
        Matcher m = SHORT.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                duration = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new BadRequestException(field, field + " '" + text + "' is not a duration; write it like 90s,"
                        + " 15m, 1h, 7d or PT1H");
            }
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new BadRequestException(field, field + " '" + text + "' is not positive; give a step such as 1h");
        }
        return duration;
    }
}
