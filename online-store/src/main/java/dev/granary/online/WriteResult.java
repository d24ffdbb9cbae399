package dev.granary.online;

/** What a write did: rows applied, and rows skipped because the store already held an equal or newer event time. */
public record WriteResult(long applied, long skipped) {
    public WriteResult {
        if (applied < 0 || skipped < 0) {
            throw new IllegalArgumentException("counts must be >= 0: applied=" + applied + " skipped=" + skipped);
        }
    }

    public static final WriteResult NONE = new WriteResult(0, 0);

    public WriteResult plus(WriteResult other) {
        return new WriteResult(applied + other.applied, skipped + other.skipped);
    }

    public long rows() {
        return applied + skipped;
    }
}
