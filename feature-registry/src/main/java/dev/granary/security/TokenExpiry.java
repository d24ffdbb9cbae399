package dev.granary.security;

import dev.granary.error.BadRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --expires}: a lifetime ({@code 30d}, {@code 12h}, {@code 90m}) or an ISO-8601 instant; absent: never. */
public final class TokenExpiry {
    private static final Pattern LIFETIME = Pattern.compile("(\\d{1,6})([dhm])");

    private TokenExpiry() {
    }

    /** @throws BadRequestException naming {@code expires} when the text is neither form */
    public static Optional<Instant> parse(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher m = LIFETIME.matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            };
            return Optional.of(now.plus(d));
        }
        try {
            return Optional.of(Instant.parse(text.strip()));
        } catch (DateTimeParseException e) {
            throw new BadRequestException("expires", "expires '" + text + "' is not a lifetime like 30d, 12h or 90m,"
                    + " nor an ISO-8601 instant like 2027-01-01T00:00:00Z");
        }
    }
}
