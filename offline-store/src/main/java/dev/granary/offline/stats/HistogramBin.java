package dev.granary.offline.stats;

/**
 * One bin {@code [lower, upper)} of a numeric histogram (the last bin also holds {@code upper}) with the number
 * of values in it, estimated from the KLL sketch (exact while the sketch holds every value).
 */
public record HistogramBin(double lower, double upper, long count) {
    public HistogramBin {
        if (count < 0) {
            throw new IllegalArgumentException("count is " + count + "; it must be >= 0");
        }
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("bin [" + lower + ", " + upper + ") is empty or reversed");
        }
    }
}
