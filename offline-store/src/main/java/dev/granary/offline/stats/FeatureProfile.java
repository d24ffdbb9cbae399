package dev.granary.offline.stats;

import static java.util.Objects.requireNonNull;

import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * A feature's {@link FeatureStats} with the sketches behind them, for comparing two distributions (the health
 * checks): the KLL sketch of a numeric feature (null for a categorical one) and the frequent-items sketch of a
 * categorical one (null for a numeric one). The sketches belong to this profile: read them, do not update them.
 */
public record FeatureProfile(FeatureStats stats, KllDoublesSketch quantiles, ItemsSketch<String> items) {
    public FeatureProfile {
        requireNonNull(stats, "stats is null");
    }

    /** Values summarised by the sketch: non-null, non-NaN. */
    public long values() {
        return stats.count() - stats.nullCount() - stats.nanCount();
    }
}
