package dev.granary.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * Documents indexed from replayed tokens ({@link AnalysedTexts}) hold the same terms, frequencies and norms as
 * documents whose text the index analyzer tokenizes, with synonyms (multi-word ones too), stems beside name words
 * and name prefixes, and texts repeated across documents.
 */
class AnalysedTextsTest {
    private static final List<String[]> TEXTS = List.of(
            new String[] {CatalogFields.NAME, "conv_rate_7d"},
            new String[] {CatalogFields.NAME, "cancelled_trips"},
            new String[] {CatalogFields.NAME_PREFIX, "avgOrderValue"},
            new String[] {CatalogFields.DESCRIPTION, "Trips cancelled by the rider over the last 7 days"},
            new String[] {CatalogFields.CONTEXT, "driver_stats Conversion of offers per driver, hourly"},
            new String[] {CatalogFields.META, "driver_stats driver rides-team team rides sum trips 7d"},
            new String[] {CatalogFields.DESCRIPTION, "Trips cancelled by the rider over the last 7 days"});

    @Test
    void replayedTokensIndexAsTheAnalyzerDoes() throws Exception {
        CatalogAnalysis analysis = new CatalogAnalysis();
        FieldType type = new FieldType(TextField.TYPE_NOT_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        type.freeze();
        AnalysedTexts texts = analysis.analysedTexts();
        try (var analysed = new ByteBuffersDirectory(); var replayed = new ByteBuffersDirectory();
                var analysedWriter = new IndexWriter(analysed, new IndexWriterConfig(analysis.indexAnalyzer()));
                var replayedWriter = new IndexWriter(replayed, new IndexWriterConfig(analysis.indexAnalyzer()))) {
            for (String[] text : TEXTS) {
                Document a = new Document();
                a.add(new Field(text[0], text[1], type));
                a.add(new Field(text[0], text[1] + " and more", type)); // a second value of the same field
                analysedWriter.addDocument(a);
                Document r = new Document();
                r.add(new Field(text[0], texts.tokens(text[0], text[1]), type));
                r.add(new Field(text[0], texts.tokens(text[0], text[1] + " and more"), type));
                replayedWriter.addDocument(r);
            }
            analysedWriter.commit();
            replayedWriter.commit();
            try (var a = DirectoryReader.open(analysed); var r = DirectoryReader.open(replayed)) {
                for (String field : List.of(CatalogFields.NAME, CatalogFields.NAME_PREFIX, CatalogFields.DESCRIPTION,
                        CatalogFields.CONTEXT, CatalogFields.META)) {
                    assertEquals(postings(MultiTerms.getTerms(a, field)), postings(MultiTerms.getTerms(r, field)),
                            field);
                    assertEquals(norms(a.leaves().getFirst().reader(), field),
                            norms(r.leaves().getFirst().reader(), field), field);
                }
            }
        }
    }

    private static List<String> postings(Terms terms) throws Exception {
        List<String> out = new ArrayList<>();
        if (terms == null) {
            return out;
        }
        TermsEnum te = terms.iterator();
        for (BytesRef term = te.next(); term != null; term = te.next()) {
            out.add(term.utf8ToString() + " df=" + te.docFreq() + " ttf=" + te.totalTermFreq());
        }
        return out;
    }

    private static List<Long> norms(LeafReader reader, String field) throws Exception {
        List<Long> out = new ArrayList<>();
        NumericDocValues norms = reader.getNormValues(field);
        for (int doc = 0; norms != null && doc < reader.maxDoc(); doc++) {
            out.add(norms.advanceExact(doc) ? norms.longValue() : null);
        }
        return out;
    }
}
