package dev.granary.offline.stats;

/**
 * How much of a table a statistics pass reads, and whether it estimates distinct counts.
 *
 * <p>{@code maxRows}: when the row groups in the time range hold more rows than this, the pass reads only row
 * groups spread evenly over the files in their order (at least {@code maxRows} rows, whole row groups), and every
 * count it reports is of the rows read. When the rows are exchangeable (no trend within the range), the rows read
 * are a uniform sample, and by the Dvoretzky-Kiefer-Wolfowitz inequality their CDF lies within
 * {@code sqrt(ln(2/0.01) / (2n))} of the whole table's with 99% confidence: 0.0016 at n = 1,000,000, a tenth of the
 * KLL sketch's own rank error (1.65%). Row groups hold consecutive rows, so with a trend within the range the
 * sample follows it only as finely as the row groups chosen are spread.
 *
 * <p>{@code distinct}: whether to feed an HLL sketch for the distinct count;
 * without it, {@link FeatureStats#distinctCount()} is 0.
 */
public record StatisticsSampling(long maxRows, boolean distinct) {
    /** Every row, distinct counts estimated: the catalog's statistics. */
    public static final StatisticsSampling ALL = new StatisticsSampling(Long.MAX_VALUE, true);

    public StatisticsSampling {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
        }
    }
}
