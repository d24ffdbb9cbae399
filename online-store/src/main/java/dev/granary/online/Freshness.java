package dev.granary.online;

import dev.granary.spec.FeatureViewSpec;
import java.time.Instant;
import java.util.List;

/**
 * Turns a stored row and its event time into {@link FeatureValue}s, applying the TTL at read time. Both stores
 * read through here, so the statuses follow one rule.
 */
final class Freshness {
    private Freshness() {
    }

    /**
     * Adds one value per wanted field id of a stored row to {@code out}, decoding in place (a read of 100 rows of
     * 50 features would otherwise copy 5,000 small arrays).
     *
     * @param rowTime the row's event time
     * @param row     the stored bytes holding the row blob from {@code offset}
     * @param wanted  field ids as ints, in request order
     */
    static void addRow(List<FeatureValue> out, Instant rowTime, byte[] row, int offset, int[] wanted,
                       FeatureViewSpec view, Instant now) {
        // same edge as the offline join: a value exactly ttl old is still valid (event_ts >= now - ttl)
        boolean expired = view.ttlSeconds() > 0 && rowTime.plusSeconds(view.ttlSeconds()).isBefore(now);
        for (int start : RowCodec.locate(row, offset, wanted)) {
            if (start < 0) {
                out.add(FeatureValue.NOT_FOUND);
            } else if (expired) {
                out.add(new FeatureValue(null, rowTime, FeatureStatus.OUTSIDE_MAX_AGE));
            } else {
                Object value = ValueCodec.decode(row, start, RowCodec.lengthAt(row, start));
                out.add(value == null ? new FeatureValue(null, rowTime, FeatureStatus.NULL_VALUE)
                        : new FeatureValue(value, rowTime, FeatureStatus.PRESENT));
            }
        }
    }

    /** Adds {@code count} NOT_FOUND values: the entity has no row in this view. */
    static void addMissing(List<FeatureValue> out, int count) {
        for (int f = 0; f < count; f++) {
            out.add(FeatureValue.NOT_FOUND);
        }
    }
}
