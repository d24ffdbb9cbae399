package dev.granary.search;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;

/**
 * The facet ordinals of every document of one segment, decoded once into two arrays: counting a match set then
 * reads plain ints instead of decoding doc values for every hit of every query, which made exact facet counts
 * the largest cost of a broad search. Ordinals are the segment's own; the searcher maps the per-segment counts to
 * global ordinals. Kept per segment core (facet doc values are never updated in place), dropped when the core
 * closes, so a refresh only decodes the new segments.
 */
final class SegmentFacetOrdinals {
    private static final Map<IndexReader.CacheKey, SegmentFacetOrdinals> CACHE = new ConcurrentHashMap<>();

    /** Documents {@code d}'s ordinals are {@code ords[starts[d]] .. ords[starts[d + 1] - 1]}. */
    final int[] starts;
    final int[] ords;
    /** Number of distinct facet values in the segment. */
    final int valueCount;

    private SegmentFacetOrdinals(int[] starts, int[] ords, int valueCount) {
        this.starts = starts;
        this.ords = ords;
        this.valueCount = valueCount;
    }

    /** The ordinals of a segment, decoded on first use; null when the segment has no facet values. */
    static SegmentFacetOrdinals of(LeafReader reader) throws IOException {
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        if (helper == null) {
            return decode(reader); // not a plain segment: nothing safe to key a cache on
        }
        IndexReader.CacheKey key = helper.getKey();
        SegmentFacetOrdinals cached = CACHE.get(key);
        if (cached == null) {
            cached = decode(reader);
            if (cached != null && CACHE.putIfAbsent(key, cached) == null) {
                helper.addClosedListener(CACHE::remove);
            }
        }
        return cached;
    }

    private static SegmentFacetOrdinals decode(LeafReader reader) throws IOException {
        if (reader.getFieldInfos().fieldInfo(FacetsConfig.DEFAULT_INDEX_FIELD_NAME) == null) {
            return null;
        }
        SortedSetDocValues values = DocValues.getSortedSet(reader, FacetsConfig.DEFAULT_INDEX_FIELD_NAME);
        int maxDoc = reader.maxDoc();
        int[] starts = new int[maxDoc + 1];
        int[] ords = new int[Math.max(16, maxDoc * 8)];
        int n = 0;
        int next = 0;
        for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
            while (next <= doc) {
                starts[next++] = n;
            }
            int count = values.docValueCount();
            if (n + count > ords.length) {
                ords = java.util.Arrays.copyOf(ords, Math.max(n + count, ords.length * 2));
            }
            for (int i = 0; i < count; i++) {
                ords[n++] = (int) values.nextOrd();
            }
        }
        while (next <= maxDoc) {
            starts[next++] = n;
        }
        return new SegmentFacetOrdinals(starts, java.util.Arrays.copyOf(ords, n), (int) values.getValueCount());
    }
}
