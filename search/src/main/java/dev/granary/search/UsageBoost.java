package dev.granary.search;

import java.io.IOException;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.IndexSearcher;

/**
 * The score of a text match with usage folded in: {@code r / (r + K) * (1 + min(CAP, 0.5 log1p(services) +
 * 0.2 log1p(exports) + 0.1 log1p(lookups)))} where {@code r} is the text relevance. The squash keeps the order of
 * text relevance but bounds the score below {@code 1 + CAP}, so the exact-name bonus ({@link RelevanceQuery})
 * always outranks usage, while usage decides between hits of similar relevance. The multiplier is computed
 * when usage is written ({@link CatalogFields#USAGE_FACTOR}), not per hit.
 */
final class UsageBoost extends DoubleValuesSource {
    static final double K = 4.0;
    static final double CAP = 2.0;
    static final UsageBoost INSTANCE = new UsageBoost();

    private UsageBoost() {
    }

    /** The multiplier of a usage, {@code 1} for none, at most {@code 1 + CAP}. */
    static double factor(long services, long exports, long lookups) {
        double signal = 0.5 * Math.log1p(services) + 0.2 * Math.log1p(exports) + 0.1 * Math.log1p(lookups);
        return 1 + Math.min(CAP, signal);
    }

    @Override
    public DoubleValues getValues(LeafReaderContext ctx, DoubleValues scores) throws IOException {
        NumericDocValues factors = DocValues.getNumeric(ctx.reader(), CatalogFields.USAGE_FACTOR);
        return new DoubleValues() {
            private double value;

            @Override
            public double doubleValue() {
                return value;
            }

            @Override
            public boolean advanceExact(int doc) throws IOException {
                double r = scores == null ? 1 : scores.advanceExact(doc) ? scores.doubleValue() : 0;
                double factor = factors.advanceExact(doc) ? Double.longBitsToDouble(factors.longValue()) : 1;
                value = r / (r + K) * factor;
                return true;
            }
        };
    }

    @Override
    public boolean needsScores() {
        return true;
    }

    @Override
    public DoubleValuesSource rewrite(IndexSearcher searcher) {
        return this;
    }

    @Override
    public boolean isCacheable(LeafReaderContext ctx) {
        return false; // usage changes in place through doc-value updates
    }

    @Override
    public int hashCode() {
        return UsageBoost.class.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UsageBoost;
    }

    @Override
    public String toString() {
        return "usage-boost";
    }
}
