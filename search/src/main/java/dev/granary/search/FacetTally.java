package dev.granary.search;

import java.io.IOException;
import java.util.Collection;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.LongValues;

/**
 * Counts the facet values of every collected document, exactly, as the documents are collected: per segment
 * in the segment's ordinals ({@link SegmentFacetOrdinals}), then folded into the searcher's global ordinals.
 * The result is an array of counts indexed by global ordinal ({@link CatalogSearcher#labels}).
 */
final class FacetTally implements CollectorManager<FacetTally.Counter, int[]> {
    private final int globalCount;
    private final OrdinalMap ordinalMap;

    FacetTally(int globalCount, OrdinalMap ordinalMap) {
        this.globalCount = globalCount;
        this.ordinalMap = ordinalMap;
    }

    @Override
    public Counter newCollector() {
        return new Counter();
    }

    @Override
    public int[] reduce(Collection<Counter> collectors) {
        int[] total = null;
        for (Counter c : collectors) {
            if (total == null) {
                total = c.counts;
            } else {
                for (int i = 0; i < total.length; i++) {
                    total[i] += c.counts[i];
                }
            }
        }
        return total == null ? new int[globalCount] : total;
    }

    final class Counter implements Collector {
        final int[] counts = new int[globalCount];

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            SegmentFacetOrdinals segment = SegmentFacetOrdinals.of(context.reader());
            if (segment == null) {
                return NONE;
            }
            int[] starts = segment.starts;
            int[] ords = segment.ords;
            if (ordinalMap == null) { // one segment: its ordinals are the global ones
                return new Leaf() {
                    @Override
                    public void collect(int doc) {
                        for (int i = starts[doc], end = starts[doc + 1]; i < end; i++) {
                            counts[ords[i]]++;
                        }
                    }
                };
            }
            LongValues toGlobal = ordinalMap.getGlobalOrds(context.ord);
            int[] local = new int[segment.valueCount];
            return new Leaf() {
                @Override
                public void collect(int doc) {
                    for (int i = starts[doc], end = starts[doc + 1]; i < end; i++) {
                        local[ords[i]]++;
                    }
                }

                @Override
                public void finish() {
                    for (int ord = 0; ord < local.length; ord++) {
                        if (local[ord] != 0) {
                            counts[(int) toGlobal.get(ord)] += local[ord];
                        }
                    }
                }
            };
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }

    private abstract static class Leaf implements LeafCollector {
        @Override
        public void setScorer(Scorable scorer) {
            // counts need no scores
        }
    }

    private static final LeafCollector NONE = new Leaf() {
        @Override
        public void collect(int doc) {
            // no facet values in this segment
        }
    };

}
