package dev.granary.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState.OrdRange;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;

/**
 * Runs one {@link SearchQuery} on one searcher: the page of hits with highlights, the exact total, and the facet
 * counts. A facet with a filter of its own is counted by a second pass over the match set without that filter
 * (drill sideways), so its other values stay visible; the other facets are counted over the filtered set.
 */
final class CatalogSearch {
    private static final Sort ORDER = new Sort(SortField.FIELD_SCORE,
            new SortField(CatalogFields.SORT_KEY, SortField.Type.STRING));

    private final RelevanceQuery relevance;
    private final CatalogAnalysis analysis;

    CatalogSearch(CatalogAnalysis analysis) {
        this.relevance = new RelevanceQuery(analysis);
        this.analysis = analysis;
    }

    SearchResult run(CatalogSearcher searcher, SearchQuery q) throws IOException {
        Query text = relevance.text(q.text());
        Query ranked = relevance.ranked(q.text(), text);
        Query query = RelevanceQuery.filtered(ranked, q.filters(), null);

        var top = new TopFieldCollectorManager(ORDER, q.offset() + q.limit(), null, Integer.MAX_VALUE);
        if (searcher.facets == null) {
            TopFieldDocs docs = searcher.search(query, top);
            return new SearchResult(docs.totalHits.value(), hits(searcher, q.text(), docs, q.offset()), Map.of());
        }
        Object[] results = searcher.search(query, new MultiCollectorManager(top, searcher.tally()));
        TopFieldDocs docs = (TopFieldDocs) results[0];
        int[] matched = (int[]) results[1];

        Map<Facet, List<FacetCount>> facets = new EnumMap<>(Facet.class);
        for (Facet facet : Facet.values()) {
            int[] counts = matched;
            if (q.filters().containsKey(facet)) {
                counts = searcher.search(RelevanceQuery.filtered(ranked, q.filters(), facet), searcher.tally());
            }
            List<FacetCount> values = counts(searcher, counts, facet);
            if (!values.isEmpty()) {
                facets.put(facet, values);
            }
        }
        return new SearchResult(docs.totalHits.value(), hits(searcher, q.text(), docs, q.offset()), facets);
    }

    private static List<FacetCount> counts(CatalogSearcher searcher, int[] counts, Facet facet) {
        OrdRange range = searcher.facets.getOrdRange(facet.key());
        if (range == null) {
            return List.of();
        }
        List<FacetCount> out = new ArrayList<>();
        for (int ord = range.start(); ord <= range.end(); ord++) {
            if (counts[ord] > 0) {
                out.add(new FacetCount(searcher.labels[ord], counts[ord]));
            }
        }
        out.sort(Comparator.comparingLong(FacetCount::count).reversed().thenComparing(FacetCount::value));
        return out;
    }

    private List<Hit> hits(CatalogSearcher searcher, String text, TopFieldDocs docs, int offset) throws IOException {
        int n = Math.max(0, docs.scoreDocs.length - offset);
        if (n == 0) {
            return List.of();
        }
        Highlighter highlighter = new Highlighter(analysis, text);
        var stored = searcher.storedFields();
        List<Hit> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ScoreDoc sd = docs.scoreDocs[offset + i];
            Document doc = stored.document(sd.doc);
            Map<String, String> marks = new HashMap<>();
            String name = highlighter.name(doc.get(CatalogFields.NAME));
            if (name != null) {
                marks.put(CatalogFields.NAME, name);
            }
            String description = doc.get(CatalogFields.DESCRIPTION);
            String fragment = description == null ? null : highlighter.description(description);
            if (fragment != null) {
                marks.put(CatalogFields.DESCRIPTION, fragment);
            }
            float score = sd instanceof org.apache.lucene.search.FieldDoc fd && fd.fields[0] instanceof Float f
                    ? f : sd.score;
            hits.add(CatalogDocument.hit(doc, marks, score));
        }
        return hits;
    }
}
