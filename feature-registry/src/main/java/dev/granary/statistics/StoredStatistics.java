package dev.granary.statistics;

import static java.util.Objects.requireNonNull;

import dev.granary.offline.stats.FeatureStats;
import java.time.Instant;

/**
 * Statistics as stored: computed for {@code specVersion} of the project over event times
 * {@code [rangeStart, rangeEnd]} (the requested bounds, or the event times seen where a bound was open).
 */
public record StoredStatistics(String project, int specVersion, Instant rangeStart, Instant rangeEnd,
                               Instant computedAt, FeatureStats stats) {
    public StoredStatistics {
        requireNonNull(project, "project is null");
        requireNonNull(rangeStart, "rangeStart is null");
        requireNonNull(rangeEnd, "rangeEnd is null");
        requireNonNull(computedAt, "computedAt is null");
        requireNonNull(stats, "stats is null");
    }
}
