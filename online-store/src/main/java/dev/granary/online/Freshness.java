package dev.granary.online;

import dev.granary.spec.FeatureViewSpec;
import java.time.Instant;

/** Turns a stored value and its row's event time into a {@link FeatureValue}, applying the TTL at read time. */
final class Freshness {
    private Freshness() {
    }

    /**
     * @param rowTime the row's event time, null when the entity has no row in this view
     * @param stored  the encoded value, null when the feature was never written for this entity
     */
    static FeatureValue value(Instant rowTime, byte[] stored, FeatureViewSpec view, Instant now) {
        if (rowTime == null || stored == null) {
            return FeatureValue.NOT_FOUND;
        }
        // same edge as the offline join: a value exactly ttl old is still valid (event_ts >= now - ttl)
        if (view.ttlSeconds() > 0 && rowTime.plusSeconds(view.ttlSeconds()).isBefore(now)) {
            return new FeatureValue(null, rowTime, FeatureStatus.OUTSIDE_MAX_AGE);
        }
        Object value = ValueCodec.decode(stored);
        return value == null ? new FeatureValue(null, rowTime, FeatureStatus.NULL_VALUE)
                : new FeatureValue(value, rowTime, FeatureStatus.PRESENT);
    }
}
