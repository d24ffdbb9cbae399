package dev.granary.online;

import dev.granary.spec.FeatureViewSpec;
import java.time.Instant;

/**
 * Turns a stored row and its event time into a {@link ReadRow}'s values, applying the TTL at read time. Both stores
 * read through here, so the statuses follow one rule; one per read (it keeps the read's time and a scratch array).
 */
final class Freshness {
    private final Instant now;
    /** Positions of one row's values, reused for every row of the read (grown to the widest view). */
    private int[] positions = new int[0];

    /** @param now the time the read's TTLs are judged at */
    Freshness(Instant now) {
        this.now = java.util.Objects.requireNonNull(now, "now is null");
    }

    /**
     * Adds one value per wanted field id of a stored row to {@code out}, left in place to be decoded when asked
     * (a read of 100 rows of 50 features would otherwise copy 5,000 small arrays or box 5,000 numbers).
     *
     * @param rowTime the row's event time
     * @param row     the stored bytes holding the row blob from {@code offset}
     * @param wanted  field ids as ints, in request order
     */
    void addRow(ReadRow.Builder out, Instant rowTime, byte[] row, int offset, int[] wanted, FeatureViewSpec view) {
        // same edge as the offline join: a value exactly ttl old is still valid (event_ts >= now - ttl)
        boolean expired = view.ttlSeconds() > 0 && rowTime.plusSeconds(view.ttlSeconds()).isBefore(now);
        if (positions.length < wanted.length) {
            positions = new int[wanted.length];
        }
        RowCodec.locate(row, offset, wanted, positions);
        out.part(row, rowTime);
        for (int i = 0; i < wanted.length; i++) {
            int start = positions[i];
            if (start < 0) {
                out.addAbsent(FeatureStatus.NOT_FOUND);
            } else if (expired) {
                out.addAbsent(FeatureStatus.OUTSIDE_MAX_AGE);
            } else if (RowCodec.lengthAt(row, start) == 0) {
                out.addAbsent(FeatureStatus.NULL_VALUE);
            } else {
                out.addStored(start);
            }
        }
    }

    /** Adds {@code count} NOT_FOUND values: the entity has no row in this view. */
    static void addMissing(ReadRow.Builder out, int count) {
        for (int f = 0; f < count; f++) {
            out.addAbsent(FeatureStatus.NOT_FOUND);
        }
    }
}
