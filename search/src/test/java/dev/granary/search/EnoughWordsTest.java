package dev.granary.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granary.spec.RepoSpec;
import java.util.List;
import java.util.Random;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * The counting passes match a text word by word ({@link EnoughWords}) when some of its words are needed, and by
 * a conjunction of plain disjunctions when all are; they must match exactly the documents the text query
 * matches, for one word, all of two words and some of three or more, over several segments with deleted
 * documents.
 */
class EnoughWordsTest {
    @Test
    void matchesWhatTheTextQueryMatches() throws Exception {
        CatalogAnalysis analysis = new CatalogAnalysis();
        RelevanceQuery relevance = new RelevanceQuery(analysis);
        try (var dir = new ByteBuffersDirectory();
                var writer = new IndexWriter(dir, new IndexWriterConfig(analysis.indexAnalyzer()))) {
            RepoSpec spec = SkippingSearchTest.generated(new Random(17));
            AnalysedTexts texts = analysis.analysedTexts();
            int i = 0;
            for (CatalogObject o : SpecDocuments.objects(spec, SkippingSearchTest.usage(spec, new Random(19)))) {
                writer.addDocument(CatalogDocument.of(o, texts));
                if (++i % 700 == 0) {
                    writer.commit(); // several segments
                }
            }
            writer.deleteDocuments(new Term(CatalogFields.NAME, "refund")); // deleted documents in every segment
            writer.commit();
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                assertTrue(reader.leaves().size() > 1, "the test needs several segments");
                assertTrue(reader.hasDeletions(), "the test needs deleted documents");
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setQueryCache(null);
                for (String text : List.of("trips", "tri", "sgnup", "order value", "order valu", "over the",
                        "days since signup 7d", "days snice sign", "conv rate online hours 1", "refund amount",
                        "trips rate conv order 30d", "zzz qqq www")) {
                    Query query = searcher.rewrite(relevance.text(text));
                    Query words = EnoughWords.of(query);
                    int count = analysis.queryWords(text).size();
                    if (RelevanceQuery.required(count) < count) {
                        assertInstanceOf(EnoughWords.class, words, text);
                    }
                    assertEquals(docs(searcher, new ConstantScoreQuery(query)),
                            docs(searcher, new ConstantScoreQuery(words)), text);
                }
            }
        }
    }

    private static String docs(IndexSearcher searcher, Query query) throws Exception {
        ScoreDoc[] hits = searcher.search(query, Math.max(1, searcher.getIndexReader().maxDoc())).scoreDocs;
        return java.util.Arrays.stream(hits).mapToInt(h -> h.doc).sorted().boxed().toList().toString();
    }
}
