package dev.granary.health;

import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import java.time.Duration;

/**
 * What to check: a feature service of a project against a reference.
 *
 * @param project   the project, or null for the configured (or only) one
 * @param reference a training set id (skew against it), or null: skew against the newest training set of the
 *                  service's features when the service logs and one exists, else drift
 * @param window    the current window, ending now
 * @param baseline  drift only: the baseline window, ending where the current one starts
 * @throws BadRequestException naming {@code window} or {@code baseline} when not positive
 */
public record HealthRequest(String project, String service, String reference, Duration window, Duration baseline) {
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** The baseline of a drift check is this many current windows long. */
    public static final int BASELINE_WINDOWS = 7;

    public HealthRequest {
        requireNonNull(service, "service is null");
        window = window == null ? DEFAULT_WINDOW : window;
        if (window.isZero() || window.isNegative()) {
            throw new BadRequestException("window", "The window must be positive, such as 24h or 7d; got " + window);
        }
        baseline = baseline == null ? window.multipliedBy(BASELINE_WINDOWS) : baseline;
        if (baseline.isZero() || baseline.isNegative()) {
            throw new BadRequestException("baseline", "The baseline must be positive, such as 7d; got " + baseline);
        }
        reference = reference == null || reference.isBlank() ? null : reference;
    }

    /** {@code 24h}, {@code 7d}, {@code 90m}, {@code 30s} or an ISO-8601 duration ({@code PT24H}). */
    public static Duration parseWindow(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (Character.toLowerCase(t.charAt(t.length() - 1))) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new BadRequestException(field, field + " '" + text + "' is not a duration; write it as 24h, 7d, 90m"
                    + " or PT24H");
        }
    }
}
