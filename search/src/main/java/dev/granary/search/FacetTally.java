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
 * Counts the collected documents and the facet values of each, exactly, as the documents are collected: per
 * segment by the document's set of facet ordinals ({@link SegmentFacetOrdinals}), then spread over the ordinals
 * and folded into the searcher's global ordinals. It needs no scores, so it runs as a match-only pass beside the top-k search, which may then skip
 * documents that cannot make the page.
 */
final class FacetTally implements CollectorManager<FacetTally.Counter, FacetTally.Counts> {
    /**
     * The number of matches and the count of every global facet ordinal ({@link CatalogSearcher#labels}) among
     * them.
     */
    record Counts(long matches, int[] byOrdinal) {
        Counts {
            if (matches < 0) {
                throw new IllegalArgumentException("matches is " + matches + "; counts are never negative");
            }
            java.util.Objects.requireNonNull(byOrdinal, "byOrdinal is null");
        }
    }

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
    public Counts reduce(Collection<Counter> collectors) {
        int[] total = null;
        long matches = 0;
        for (Counter c : collectors) {
            matches += c.matches;
            if (total == null) {
                total = c.counts;
            } else {
                for (int i = 0; i < total.length; i++) {
                    total[i] += c.counts[i];
                }
            }
        }
        return new Counts(matches, total == null ? new int[globalCount] : total);
    }

    final class Counter implements Collector {
        final int[] counts = new int[globalCount];
        long matches;

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            SegmentFacetOrdinals segment = SegmentFacetOrdinals.of(context.reader());
            if (segment == null) {
                return new Leaf() {
                    @Override
                    public void collect(int doc) {
                        matches++; // no facet values in this segment
                    }
                };
            }
            int[] signatureOf = segment.signatureOf;
            int[] bySignature = new int[segment.signatures()];
            LongValues toGlobal = ordinalMap == null ? null : ordinalMap.getGlobalOrds(context.ord);
            return new Leaf() {
                @Override
                public void collect(int doc) {
                    bySignature[signatureOf[doc]]++;
                }

                @Override
                public void finish() {
                    int[] starts = segment.starts;
                    int[] ords = segment.ords;
                    for (int s = 0; s < bySignature.length; s++) {
                        int count = bySignature[s];
                        matches += count;
                        if (count != 0) {
                            for (int i = starts[s], end = starts[s + 1]; i < end; i++) {
                                // one segment: its ordinals are the global ones
                                counts[toGlobal == null ? ords[i] : (int) toGlobal.get(ords[i])] += count;
                            }
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

}
