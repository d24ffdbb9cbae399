package dev.granary.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * The page of a search skips documents that cannot make it ({@link UsageBoost}, exact names ranked apart, counts
 * from a match-only pass) and breaks ties by ranks of the sort key ({@link SortKeyRanks}); these tests check it
 * returns exactly what scoring every match and sorting ties by the key's bytes returns, on a catalog of many
 * similar names with varied usage, where skipping actually happens.
 */
class SkippingSearchTest {
    private static final String[] WORDS = {"trips", "rate", "conv", "order", "value", "days", "since", "signup",
        "online", "hours", "refund", "amount"};
    private static final String[] WINDOWS = {"1h", "1d", "7d", "30d"};
    /** The order a page has, with Lucene's own comparator on the key's bytes for the tiebreak. */
    private static final Sort BY_SCORE_THEN_KEY = new Sort(SortField.FIELD_SCORE,
            new SortField(CatalogFields.SORT_KEY, SortField.Type.STRING));

    @Test
    void pagesEqualScoringEveryMatch() throws Exception {
        CatalogAnalysis analysis = new CatalogAnalysis();
        CatalogSearch search = new CatalogSearch(analysis);
        RelevanceQuery relevance = new RelevanceQuery(analysis);
        try (var dir = new ByteBuffersDirectory();
                var writer = new IndexWriter(dir, new IndexWriterConfig(analysis.indexAnalyzer()))) {
            RepoSpec spec = generated(new Random(3));
            AnalysedTexts texts = analysis.analysedTexts();
            int written = 0;
            for (CatalogObject o : SpecDocuments.objects(spec, usage(spec, new Random(5)))) {
                writer.addDocument(CatalogDocument.of(o, texts));
                if (++written % 800 == 0) {
                    writer.commit(); // several segments: the ranks of the tiebreak are global ordinals
                }
            }
            writer.commit();
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                assertTrue(reader.leaves().size() > 1, "the test needs several segments");
                CatalogSearcher searcher = (CatalogSearcher) CatalogSearcher.FACTORY.newSearcher(reader, null);
                List<SearchQuery> queries = List.of(SearchQuery.of("trips"), SearchQuery.of("order value"),
                        SearchQuery.of("da"), SearchQuery.of("days since signup 7d"), SearchQuery.of("sgnup rate"),
                        SearchQuery.of("conv_rate_7d"), SearchQuery.of("over the last"), SearchQuery.of(""),
                        SearchQuery.of("online hours").filter(Facet.OWNER, "team_1"),
                        new SearchQuery("refund amount", Map.of(), 30, 40));
                for (SearchQuery q : queries) {
                    SearchResult got = search.run(searcher, q);
                    Query every = RelevanceQuery.filtered(relevance.ranked(q.text(),
                            relevance.text(q.text(), relevance.fuzzyWords(q.text(), reader))), q.filters(), null);
                    int n = q.offset() + q.limit();
                    TopFieldDocs all = searcher.search(every,
                            new TopFieldCollectorManager(BY_SCORE_THEN_KEY, n, null, Integer.MAX_VALUE));
                    assertEquals(all.totalHits.value(), got.totalHits(), q.toString());
                    List<String> expected = new ArrayList<>();
                    for (int i = q.offset(); i < all.scoreDocs.length; i++) {
                        var doc = searcher.storedFields().document(all.scoreDocs[i].doc);
                        expected.add(doc.get(CatalogFields.TYPE) + " " + doc.get(CatalogFields.VIEW) + ":"
                                + doc.get(CatalogFields.NAME) + " " + ((FieldDoc) all.scoreDocs[i]).fields[0]);
                    }
                    List<String> actual = got.hits().stream().map(h -> h.type().key() + " "
                            + (h.view() == null || h.view().isEmpty() ? null : h.view()) + ":" + h.name() + " "
                            + h.score()).toList();
                    assertEquals(expected, actual, q.toString());
                }
            }
        }
    }

    /** 60 views of 40 features named from a few words, so most queries match hundreds of similar names. */
    static RepoSpec generated(Random random) {
        List<FeatureViewSpec> views = new ArrayList<>();
        for (int v = 0; v < 60; v++) {
            List<FeatureSpec> features = new ArrayList<>();
            for (int f = 0; f < 40; f++) {
                String name = WORDS[random.nextInt(WORDS.length)] + "_" + WORDS[random.nextInt(WORDS.length)] + "_"
                        + WINDOWS[random.nextInt(WINDOWS.length)] + "_" + f;
                features.add(new FeatureSpec(name, ValueType.FLOAT64, null, "The " + name.replace('_', ' ')
                        + " over the last " + WINDOWS[random.nextInt(WINDOWS.length)]));
            }
            views.add(new FeatureViewSpec("view_" + v, List.of("driver"), "events", 0, true, features, List.of(),
                    "team_" + v % 4, Map.of(), "View " + v));
        }
        return new RepoSpec("generated",
                List.of(new EntitySpec("driver", List.of(new JoinKey("driver_id", ValueType.INT64)), "A driver")),
                List.of(new SourceSpec("events", "data/events.parquet", "event_timestamp", null)), views,
                List.<FeatureServiceSpec>of());
    }

    /** A third of the features used, multipliers spread below the cap so that few hits tie on usage. */
    static CatalogExtras usage(RepoSpec spec, Random random) {
        Map<FeatureRef, FeatureUsage> usage = new HashMap<>();
        for (FeatureViewSpec view : spec.featureViews()) {
            for (String feature : view.featureNames()) {
                if (random.nextInt(3) == 0) {
                    usage.put(new FeatureRef(view.name(), feature), new FeatureUsage(random.nextInt(3),
                            random.nextInt(10), random.nextInt(1_000)));
                }
            }
        }
        return new CatalogExtras(Map.of(), usage);
    }
}
