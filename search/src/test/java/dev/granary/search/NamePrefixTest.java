package dev.granary.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granary.spec.RepoSpec;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.TreeSet;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * A typed prefix is looked up in the indexed name prefixes ({@link RelevanceQuery#prefix}); it must match the
 * same documents with the same score as expanding it over the name terms did, for every prefix of every name
 * term (synonyms included), short ones from the prefix field and longer ones by expansion.
 */
class NamePrefixTest {
    @Test
    void prefixFieldMatchesWhatExpandingTheNameTermsMatches() throws Exception {
        CatalogAnalysis analysis = new CatalogAnalysis();
        try (var dir = new ByteBuffersDirectory();
                var writer = new IndexWriter(dir, new IndexWriterConfig(analysis.indexAnalyzer()))) {
            RepoSpec spec = SkippingSearchTest.generated(new Random(11));
            AnalysedTexts texts = analysis.analysedTexts();
            for (CatalogObject o : SpecDocuments.objects(spec, SkippingSearchTest.usage(spec, new Random(13)))) {
                writer.addDocument(CatalogDocument.of(o, texts));
            }
            writer.commit();
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                TreeSet<String> prefixes = new TreeSet<>();
                TermsEnum terms = MultiTerms.getTerms(reader, CatalogFields.NAME).iterator();
                for (BytesRef term = terms.next(); term != null; term = terms.next()) {
                    String t = term.utf8ToString();
                    for (int end = 1; end <= t.length(); end++) {
                        prefixes.add(t.substring(0, end));
                    }
                }
                assertTrue(prefixes.stream().anyMatch(p -> p.length() > CatalogAnalysis.MAX_PREFIX),
                        "the catalog should have name terms longer than the indexed prefixes");
                for (String prefix : prefixes) {
                    Query expanded = new BoostQuery(new PrefixQuery(new Term(CatalogFields.NAME, prefix)),
                            RelevanceQuery.PREFIX);
                    Query looked = new BoostQuery(RelevanceQuery.prefix(prefix), RelevanceQuery.PREFIX);
                    assertEquals(hits(searcher, expanded), hits(searcher, looked), prefix);
                }
            }
        }
    }

    private static String hits(IndexSearcher searcher, Query query) throws Exception {
        ScoreDoc[] docs = searcher.search(query, Math.max(1, searcher.getIndexReader().maxDoc())).scoreDocs;
        Arrays.sort(docs, Comparator.comparingInt(d -> d.doc));
        StringBuilder out = new StringBuilder();
        for (ScoreDoc d : docs) {
            out.append(d.doc).append(':').append(d.score).append(' ');
        }
        return out.toString();
    }
}
