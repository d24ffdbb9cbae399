package dev.granary.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState.OrdRange;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;

/**
 * Runs one {@link SearchQuery} on one searcher: the page of hits with highlights (a top-k search that skips what
 * cannot make the page), then the exact total and the facet counts (a match-only pass over all matches). A facet
 * with a filter of its own is counted by one more pass over the match set without that filter (drill sideways),
 * so its other values stay visible; the other facets are counted over the filtered set.
 */
final class CatalogSearch {
    private final RelevanceQuery relevance;
    private final CatalogAnalysis analysis;

    CatalogSearch(CatalogAnalysis analysis) {
        this.relevance = new RelevanceQuery(analysis);
        this.analysis = analysis;
    }

    SearchResult run(CatalogSearcher searcher, SearchQuery q) throws IOException {
        // rewritten once: fuzzy words expand to their closest name terms here, not again in every pass below
        Set<String> fuzzy = relevance.fuzzyWords(q.text(), searcher.getIndexReader());
        Query text = searcher.rewrite(relevance.text(q.text(), fuzzy));
        List<Hit> hits = hits(searcher, q.text(), fuzzy, page(searcher, q, text), q.offset());

        // The exact total and the facet counts: match-only passes, several times cheaper per document than scoring
        Query matching = relevance.matching(q.text(), text);
        if (searcher.facets == null) {
            return new SearchResult(searcher.count(RelevanceQuery.filtered(matching, q.filters(), null)), hits,
                    Map.of());
        }
        FacetTally.Counts matched = searcher.search(RelevanceQuery.filtered(matching, q.filters(), null),
                searcher.tally());
        Map<Facet, List<FacetCount>> facets = new EnumMap<>(Facet.class);
        for (Facet facet : Facet.values()) {
            int[] counts = matched.byOrdinal();
            if (q.filters().containsKey(facet)) {
                counts = searcher.search(RelevanceQuery.filtered(matching, q.filters(), facet), searcher.tally())
                        .byOrdinal();
            }
            List<FacetCount> values = counts(searcher, counts, facet);
            if (!values.isEmpty()) {
                facets.put(facet, values);
            }
        }
        return new SearchResult(matched.matches(), hits, facets);
    }

    /**
     * The hits up to the end of the page, best first. An exact name outranks every other hit (its bonus is more
     * than any text and usage score), so exact names, which are few, are ranked on their own and put in front,
     * and the others are ranked by text and usage alone: with a threshold of the page size, Lucene then skips the
     * documents that cannot make the page ({@link UsageBoost}) instead of scoring every match.
     */
    private ScoreDoc[] page(CatalogSearcher searcher, SearchQuery q, Query text) throws IOException {
        int n = q.offset() + q.limit();
        Optional<Term> exact = RelevanceQuery.exactName(q.text());
        if (exact.isEmpty() || searcher.getIndexReader().docFreq(exact.get()) == 0) {
            return top(searcher, RelevanceQuery.filtered(new UsageBoost(text), q.filters(), null), n).scoreDocs;
        }
        Query exactHits = new BooleanQuery.Builder()
                .add(RelevanceQuery.filtered(relevance.ranked(q.text(), text), q.filters(), null), Occur.MUST)
                .add(new TermQuery(exact.get()), Occur.FILTER)
                .build();
        Query others = new BooleanQuery.Builder()
                .add(RelevanceQuery.filtered(new UsageBoost(text), q.filters(), null), Occur.MUST)
                .add(new TermQuery(exact.get()), Occur.MUST_NOT)
                .build();
        ScoreDoc[] first = top(searcher, exactHits, n).scoreDocs;
        ScoreDoc[] rest = top(searcher, others, n - first.length).scoreDocs;
        ScoreDoc[] all = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    private static TopFieldDocs top(CatalogSearcher searcher, Query query, int n) throws IOException {
        if (n == 0) {
            return new TopFieldDocs(new TotalHits(0, TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO), new ScoreDoc[0],
                    searcher.order.getSort());
        }
        return searcher.search(query, new TopFieldCollectorManager(searcher.order, n, null, n));
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

    private List<Hit> hits(CatalogSearcher searcher, String text, Set<String> fuzzy, ScoreDoc[] docs, int offset)
            throws IOException {
        int n = Math.max(0, docs.length - offset);
        if (n == 0) {
            return List.of();
        }
        Highlighter highlighter = new Highlighter(analysis, text, fuzzy);
        var stored = searcher.storedFields();
        List<Hit> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ScoreDoc sd = docs[offset + i];
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
            hits.add(CatalogDocument.hit(doc, marks, highlighter.matched(doc), score));
        }
        return hits;
    }
}
