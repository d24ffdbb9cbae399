package dev.granary.search;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldComparator;
import org.apache.lucene.search.FieldComparatorSource;
import org.apache.lucene.search.LeafFieldComparator;
import org.apache.lucene.search.Pruning;
import org.apache.lucene.search.Scorable;

/**
 * The tiebreak between equal scores ({@link CatalogFields#SORT_KEY}: project, view, name, type) as the rank of each
 * document's key among all keys of one reader, computed once per reader. A page compares and copies plain ints;
 * Lucene's string comparator looks the key's bytes up in the doc-values terms dictionary for every competitive
 * hit it copies, which was a fifth of the cost of finding a page. The order is the same: ranks are the keys'
 * (global) ordinals, and ordinals follow the byte order of the keys.
 */
final class SortKeyRanks extends FieldComparatorSource {
    /** The rank of every document by its id in the reader; -1 (first, as a missing string sorts) without a key. */
    private final int[] ranks;

    private SortKeyRanks(int[] ranks) {
        this.ranks = ranks;
    }

    static SortKeyRanks of(IndexReader reader) throws IOException {
        int[] ranks = new int[reader.maxDoc()];
        Arrays.fill(ranks, -1);
        SortedDocValues keys = MultiDocValues.getSortedValues(reader, CatalogFields.SORT_KEY);
        if (keys != null) {
            for (int doc = keys.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = keys.nextDoc()) {
                ranks[doc] = keys.ordValue();
            }
        }
        return new SortKeyRanks(ranks);
    }

    @Override
    public FieldComparator<Integer> newComparator(String field, int numHits, Pruning pruning, boolean reversed) {
        return new Ranks(numHits);
    }

    private final class Ranks extends FieldComparator<Integer> {
        private final int[] slots;
        private int bottom;
        private int top;

        Ranks(int numHits) {
            this.slots = new int[numHits];
        }

        @Override
        public int compare(int slot1, int slot2) {
            return Integer.compare(slots[slot1], slots[slot2]);
        }

        @Override
        public void setTopValue(Integer value) {
            top = value;
        }

        @Override
        public Integer value(int slot) {
            return slots[slot];
        }

        @Override
        public LeafFieldComparator getLeafComparator(LeafReaderContext context) {
            int base = context.docBase;
            return new LeafFieldComparator() {
                @Override
                public void setBottom(int slot) {
                    bottom = slots[slot];
                }

                @Override
                public int compareBottom(int doc) {
                    return Integer.compare(bottom, ranks[base + doc]);
                }

                @Override
                public int compareTop(int doc) {
                    return Integer.compare(top, ranks[base + doc]);
                }

                @Override
                public void copy(int slot, int doc) {
                    slots[slot] = ranks[base + doc];
                }

                @Override
                public void setScorer(Scorable scorer) {
                    // ranks need no scores
                }
            };
        }
    }
}
