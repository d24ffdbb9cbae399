package dev.granary.search;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.FixedBitSet;

/**
 * The usage multipliers ({@link UsageBoost#factor}) of every document of one segment, decoded once into an
 * array, with the documents at or above a ladder of multipliers as bit sets. A top-k search that already holds
 * a page of hits at score {@code s} only needs the documents whose multiplier reaches {@code s} divided by the
 * best possible text part: most documents have no usage (multiplier 1), so the bit set of a rung lets the text
 * query jump over them instead of scoring each. Kept per reader, not per segment core: usage is updated in place
 * (doc-value updates), and each update opens new readers.
 */
final class SegmentUsage {
    private static final Map<IndexReader.CacheKey, SegmentUsage> CACHE = new ConcurrentHashMap<>();
    /** Rungs of the ladder: multipliers from just above 1 to the cap, in steps of an eighth. */
    private static final double STEP = 0.125;
    private static final int RUNGS = (int) Math.round(UsageBoost.CAP / STEP);

    private final double[] factors;
    /** {@code atLeast[i]} holds the documents whose multiplier is at least {@code 1 + (i + 1) * STEP}. */
    private final FixedBitSet[] atLeast;

    private SegmentUsage(double[] factors, FixedBitSet[] atLeast) {
        this.factors = factors;
        this.atLeast = atLeast;
    }

    /** The multipliers of a segment, decoded on first use. */
    static SegmentUsage of(LeafReader reader) throws IOException {
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        if (helper == null) {
            return decode(reader); // not a plain segment reader: nothing safe to key a cache on
        }
        IndexReader.CacheKey key = helper.getKey();
        SegmentUsage cached = CACHE.get(key);
        if (cached == null) {
            cached = decode(reader);
            if (CACHE.putIfAbsent(key, cached) == null) {
                helper.addClosedListener(CACHE::remove);
            }
        }
        return cached;
    }

    /** The multiplier of a document, {@code 1} without usage. */
    double factor(int doc) {
        return factors[doc];
    }

    /**
     * The documents whose multiplier may be {@code minFactor} or more (a superset: the next rung down), or null
     * when that is every document.
     */
    FixedBitSet atLeast(double minFactor) {
        int rung = (int) Math.floor((minFactor - 1) / STEP) - 1;
        return rung < 0 ? null : atLeast[Math.min(rung, RUNGS - 1)];
    }

    private static SegmentUsage decode(LeafReader reader) throws IOException {
        int maxDoc = reader.maxDoc();
        double[] factors = new double[maxDoc];
        java.util.Arrays.fill(factors, 1);
        FixedBitSet[] atLeast = new FixedBitSet[RUNGS];
        for (int i = 0; i < RUNGS; i++) {
            atLeast[i] = new FixedBitSet(maxDoc);
        }
        NumericDocValues values = DocValues.getNumeric(reader, CatalogFields.USAGE_FACTOR);
        for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
            double factor = Double.longBitsToDouble(values.longValue());
            factors[doc] = factor;
            for (int i = 0; i < RUNGS && factor >= 1 + (i + 1) * STEP; i++) {
                atLeast[i].set(doc);
            }
        }
        return new SegmentUsage(factors, atLeast);
    }
}
