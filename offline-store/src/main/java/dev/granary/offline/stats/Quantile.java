package dev.granary.offline.stats;

/** The value at normalised rank {@code rank} (0.5 is the median), estimated by the KLL sketch. */
public record Quantile(double rank, double value) {
    public Quantile {
        if (!(rank >= 0 && rank <= 1)) {
            throw new IllegalArgumentException("rank is " + rank + "; it must lie in [0, 1]");
        }
    }
}
