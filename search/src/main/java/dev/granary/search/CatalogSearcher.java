package dev.granary.search;

import java.io.IOException;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;

/**
 * A searcher over one point-in-time reader with the facet ordinals of that reader, built once per refresh
 * rather than per query. {@link #facets} is null while no document has facets.
 */
final class CatalogSearcher extends IndexSearcher {
    final SortedSetDocValuesReaderState facets;

    private CatalogSearcher(IndexReader reader, SortedSetDocValuesReaderState facets) {
        super(reader);
        this.facets = facets;
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
