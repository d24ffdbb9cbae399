package dev.granary.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;

/**
 * The facet ordinals of every document of one segment, decoded once: counting a match set then reads plain ints
 * instead of decoding doc values for every hit of every query, which made exact facet counts the largest cost of a
 * broad search. Documents share their whole set of ordinals with many others (the features of a view have the
 * same project, owner, tags and entities, and few value types), so each document points to its set of
 * ordinals, its <em>signature</em>: a match is counted with one increment for its signature, and each signature's
 * count is spread over its ordinals once at the end of the segment (ten times fewer increments than counting
 * every ordinal of every match). Ordinals are the segment's own; the searcher maps the per-segment counts to
 * global ordinals. Kept per segment core (facet doc values are never updated in place), dropped when the core
 * closes, so a refresh only decodes the new segments.
 */
final class SegmentFacetOrdinals {
    private static final Map<IndexReader.CacheKey, SegmentFacetOrdinals> CACHE = new ConcurrentHashMap<>();

    /** The signature of every document (the empty signature for a document without facet values). */
    final int[] signatureOf;
    /** Signature {@code s}'s ordinals are {@code ords[starts[s]] .. ords[starts[s + 1] - 1]}. */
    final int[] starts;
    final int[] ords;
    /** Number of distinct facet values in the segment. */
    final int valueCount;

    private SegmentFacetOrdinals(int[] signatureOf, int[] starts, int[] ords, int valueCount) {
        this.signatureOf = signatureOf;
        this.starts = starts;
        this.ords = ords;
        this.valueCount = valueCount;
    }

    /** Number of distinct signatures. */
    int signatures() {
        return starts.length - 1;
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

    /** A set of ordinals as a map key. */
    private record Signature(int[] ords) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Signature other && Arrays.equals(ords, other.ords);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ords);
        }

        @Override
        public String toString() {
            return Arrays.toString(ords);
        }
    }

    private static SegmentFacetOrdinals decode(LeafReader reader) throws IOException {
        if (reader.getFieldInfos().fieldInfo(FacetsConfig.DEFAULT_INDEX_FIELD_NAME) == null) {
            return null;
        }
        SortedSetDocValues values = DocValues.getSortedSet(reader, FacetsConfig.DEFAULT_INDEX_FIELD_NAME);
        Map<Signature, Integer> ids = new HashMap<>();
        List<int[]> signatures = new ArrayList<>();
        int[] signatureOf = new int[reader.maxDoc()];
        int empty = id(new int[0], ids, signatures);
        Arrays.fill(signatureOf, empty);
        for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
            int[] ords = new int[values.docValueCount()];
            for (int i = 0; i < ords.length; i++) {
                ords[i] = (int) values.nextOrd();
            }
            signatureOf[doc] = id(ords, ids, signatures);
        }
        int[] starts = new int[signatures.size() + 1];
        int total = 0;
        for (int s = 0; s < signatures.size(); s++) {
            starts[s] = total;
            total += signatures.get(s).length;
        }
        starts[signatures.size()] = total;
        int[] ords = new int[total];
        for (int s = 0; s < signatures.size(); s++) {
            System.arraycopy(signatures.get(s), 0, ords, starts[s], signatures.get(s).length);
        }
        return new SegmentFacetOrdinals(signatureOf, starts, ords, (int) values.getValueCount());
    }

    private static int id(int[] ords, Map<Signature, Integer> ids, List<int[]> signatures) {
        return ids.computeIfAbsent(new Signature(ords), k -> {
            signatures.add(ords);
            return signatures.size() - 1;
        });
    }
}
