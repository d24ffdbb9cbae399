package dev.granary.search;

import java.io.IOException;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiDocValues;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;

/**
 * A searcher over one point-in-time reader with the facet ordinals and the tiebreak ranks of that reader, built
 * once per refresh rather than per query. {@link #facets} is null while no document has facets.
 */
final class CatalogSearcher extends IndexSearcher {
    final SortedSetDocValuesReaderState facets;
    /** The label of every global facet ordinal (null when {@link #facets} is null). */
    final String[] labels;
    /** Segment to global ordinals; null when the reader has one segment (its ordinals are global). */
    final OrdinalMap ordinals;
    /**
     * Best first; equal scores by project, view, name ({@link SortKeyRanks} of this reader), so pages are stable.
     */
    final Sort order;

    private CatalogSearcher(IndexReader reader, SortedSetDocValuesReaderState facets) throws IOException {
        super(reader);
        this.facets = facets;
        this.order = new Sort(SortField.FIELD_SCORE, new SortField(CatalogFields.SORT_KEY, SortKeyRanks.of(reader)));
        if (facets == null) {
            this.labels = null;
            this.ordinals = null;
            return;
        }
        SortedSetDocValues values = facets.getDocValues();
        this.ordinals = values instanceof MultiDocValues.MultiSortedSetDocValues multi ? multi.mapping : null;
        if (ordinals == null && reader.leaves().size() > 1) {
            throw new IllegalStateException("facet ordinals of a " + reader.leaves().size()
                    + "-segment reader have no ordinal map; rebuild the catalog");
        }
        this.labels = new String[Math.toIntExact(values.getValueCount())];
        for (int ord = 0; ord < labels.length; ord++) {
            String[] path = FacetsConfig.stringToPath(values.lookupOrd(ord).utf8ToString());
            labels[ord] = path[path.length - 1];
        }
    }

    /** Counts facet values of the documents a search collects; see {@link FacetTally}. */
    FacetTally tally() {
        return new FacetTally(labels.length, ordinals);
    }

    static final SearcherFactory FACTORY = new SearcherFactory() {
        @Override
        public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) throws IOException {
            boolean hasFacets = FieldInfos.getMergedFieldInfos(reader)
                    .fieldInfo(FacetsConfig.DEFAULT_INDEX_FIELD_NAME) != null;
            return new CatalogSearcher(reader,
                    hasFacets ? new DefaultSortedSetDocValuesReaderState(reader, CatalogDocument.FACETS) : null);
        }
    };
}
