package dev.granary.config;

import dev.granary.error.ConfigException;

/**
 * Limits that keep one request from holding the service: over a limit a request is refused with 413 or 400
 * naming the limit. Defaults are in {@code docs/operations.md}.
 *
 * @param maxBodyBytes         {@code limits.maxBodyBytes}: largest request body on either port (default 16 MiB)
 * @param maxEntitiesPerLookup {@code limits.maxEntitiesPerLookup}: entity rows in one lookup (default 10,000)
 * @param maxFeaturesPerLookup {@code limits.maxFeaturesPerLookup}: features in one lookup (default 1,000)
 * @param maxSearchQueryLength {@code limits.maxSearchQueryLength}: characters of a search query (default 1,000)
 * @param maxRowsPerPush       {@code limits.maxRowsPerPush}: rows in one push (default 100,000)
 * @param futureSkewSeconds    {@code limits.futureSkewSeconds}: how far past now an event time, a
 *                             materialization end or a watermark may be (default 3,600: clocks differ a little)
 */
public record LimitSettings(int maxBodyBytes, int maxEntitiesPerLookup, int maxFeaturesPerLookup,
                            int maxSearchQueryLength, int maxRowsPerPush, long futureSkewSeconds) {
    public static final LimitSettings DEFAULTS = new LimitSettings(16 * 1024 * 1024, 10_000, 1_000, 1_000,
            100_000, 3_600);

    public LimitSettings {
        atLeast("limits.maxBodyBytes", maxBodyBytes, 1024);
        atLeast("limits.maxEntitiesPerLookup", maxEntitiesPerLookup, 1);
        atLeast("limits.maxFeaturesPerLookup", maxFeaturesPerLookup, 1);
        atLeast("limits.maxSearchQueryLength", maxSearchQueryLength, 1);
        atLeast("limits.maxRowsPerPush", maxRowsPerPush, 1);
        atLeast("limits.futureSkewSeconds", futureSkewSeconds, 0);
        if (futureSkewSeconds > 366L * 86_400) {
            throw new ConfigException("limits.futureSkewSeconds",
                    "limits.futureSkewSeconds must be at most a year (31622400), got " + futureSkewSeconds);
        }
    }

    public java.time.Duration futureSkew() {
        return java.time.Duration.ofSeconds(futureSkewSeconds);
    }

    private static void atLeast(String key, long value, long least) {
        if (value < least) {
            throw new ConfigException(key, key + " must be at least " + least + ", got " + value);
        }
    }
}
