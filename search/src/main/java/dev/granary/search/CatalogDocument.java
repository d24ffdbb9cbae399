package dev.granary.search;

import static dev.granary.search.CatalogFields.*;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;

/** The Lucene document of a catalog object, and the hit read back from one. */
final class CatalogDocument {
    static final FacetsConfig FACETS = facetsConfig();

    /**
     * Text is matched word by word (terms, prefixes, typos), never by phrase: terms and frequencies are indexed
     * without positions, and norms are kept for BM25's length normalisation.
     */
    private static final FieldType TEXT = indexed(IndexOptions.DOCS_AND_FREQS, false);
    /** Name prefixes are matched with a constant score: which documents hold a term is all a search reads. */
    private static final FieldType PREFIXES = indexed(IndexOptions.DOCS, true);

    private CatalogDocument() {
    }

    private static FieldType indexed(IndexOptions options, boolean omitNorms) {
        FieldType type = new FieldType(TextField.TYPE_NOT_STORED);
        type.setIndexOptions(options);
        type.setOmitNorms(omitNorms);
        type.freeze();
        return type;
    }

    /**
     * The document of an object, its text fields tokenized by {@code texts} (the index analyzer, each distinct
     * text analysed once per write).
     */
    static Document of(CatalogObject o, AnalysedTexts texts) throws IOException {
        Document doc = new Document();
        doc.add(new StringField(ID, SpecDocuments.id(o.type(), o.project(), o.view(), o.name()), Field.Store.NO));
        doc.add(new StringField(PROJECT, o.project(), Field.Store.YES));
        doc.add(new StoredField(TYPE, o.type().key()));
        storedText(doc, texts, NAME, o.name());
        doc.add(new Field(NAME_PREFIX, texts.tokens(NAME_PREFIX, o.name()), PREFIXES));
        String exact = o.name().toLowerCase(Locale.ROOT);
        doc.add(new StringField(NAME_EXACT, exact, Field.Store.NO));
        if (!o.view().isEmpty()) {
            String view = o.view().toLowerCase(Locale.ROOT);
            doc.add(new StringField(NAME_EXACT, view + ":" + exact, Field.Store.NO));
            doc.add(new StringField(NAME_EXACT, view + "__" + exact, Field.Store.NO));
            doc.add(new StoredField(VIEW, o.view()));
        }
        if (!o.description().isEmpty()) {
            storedText(doc, texts, DESCRIPTION, o.description());
        }
        storedText(doc, texts, META, o.meta());
        context(doc, texts, CONTEXT_VIEW, o.context().view());
        context(doc, texts, CONTEXT_ENTITY, o.context().entities());
        context(doc, texts, CONTEXT_SOURCE, o.context().source());
        context(doc, texts, CONTEXT_SERVICE, o.context().services());
        facet(doc, Facet.TYPE, o.type().key());
        facet(doc, Facet.PROJECT, o.project());
        if (!o.valueType().isEmpty()) {
            doc.add(new StoredField(VALUE_TYPE, o.valueType()));
            facet(doc, Facet.VALUE_TYPE, o.valueType());
        }
        if (o.kind() != null) {
            doc.add(new StoredField(KIND, o.kind().key()));
            facet(doc, Facet.KIND, o.kind().key());
        }
        if (!o.owner().isEmpty()) {
            doc.add(new StoredField(OWNER, o.owner()));
            facet(doc, Facet.OWNER, o.owner());
        }
        for (String tag : o.tags()) {
            doc.add(new StoredField(TAGS, tag));
            facet(doc, Facet.TAG, tag);
            // a tag filter may name the key alone: "pii" matches "pii=true"
            doc.add(new StringField(filter(Facet.TAG), tag.substring(0, tag.indexOf('=')), Field.Store.NO));
        }
        o.entities().stream().sorted().forEach(e -> facet(doc, Facet.ENTITY, e));
        if (o.stats() != null) {
            doc.add(new StoredField(STAT_NULL_FRACTION, o.stats().nullFraction()));
            doc.add(new StoredField(STAT_DISTINCT, o.stats().distinctCount()));
            doc.add(new StoredField(STAT_MIN, o.stats().min()));
            doc.add(new StoredField(STAT_MAX, o.stats().max()));
            doc.add(new StoredField(STAT_MEAN, o.stats().mean()));
        }
        usage(o.usage()).forEach(doc::add);
        doc.add(new SortedDocValuesField(SORT_KEY, new BytesRef(
                o.project() + '\u001f' + o.view() + '\u001f' + o.name() + '\u001f' + o.type().key())));
        return FACETS.build(doc);
    }

    /** A text field, indexed and stored (for hits, highlights and explaining a match). */
    private static void storedText(Document doc, AnalysedTexts texts, String field, String text) {
        doc.add(new Field(field, texts.tokens(field, text), TEXT));
        doc.add(new StoredField(field, text));
    }

    /** One part of a feature's context: indexed into the shared context field, stored under its own name. */
    private static void context(Document doc, AnalysedTexts texts, String part, String text) {
        if (!text.isBlank()) {
            doc.add(new Field(CONTEXT, texts.tokens(CONTEXT, text), TEXT));
            doc.add(new StoredField(part, text));
        }
    }

    /** The doc-values fields of a usage, for indexing and for in-place updates. */
    static List<Field> usage(FeatureUsage usage) {
        double factor = UsageBoost.factor(usage.services(), usage.exports(), usage.lookups());
        return List.of(new NumericDocValuesField(USAGE_FACTOR, Double.doubleToLongBits(factor)));
    }

    static Hit hit(Document doc, Map<String, String> highlights, Map<String, List<String>> matched, float score) {
        ObjectKind type = ObjectKind.parse(doc.get(TYPE)).orElseThrow(() -> new CatalogException(
                "the catalog holds a document of unknown type '" + doc.get(TYPE) + "'; rebuild the catalog"));
        String kind = doc.get(KIND);
        return new Hit(type, doc.get(PROJECT), doc.get(NAME), doc.get(VIEW), doc.get(DESCRIPTION),
                doc.get(VALUE_TYPE), kind == null ? null : FeatureKind.parse(kind).orElse(null), doc.get(OWNER),
                Arrays.asList(doc.getValues(TAGS)), highlights, matched, score, stats(doc, kind));
    }

    private static FeatureStatsSummary stats(Document doc, String kind) {
        IndexableField nulls = doc.getField(STAT_NULL_FRACTION);
        if (nulls == null || kind == null) {
            return null;
        }
        return new FeatureStatsSummary(FeatureKind.parse(kind).orElseThrow(), nulls.numericValue().doubleValue(),
                doc.getField(STAT_DISTINCT).numericValue().longValue(),
                doc.getField(STAT_MIN).numericValue().doubleValue(),
                doc.getField(STAT_MAX).numericValue().doubleValue(),
                doc.getField(STAT_MEAN).numericValue().doubleValue());
    }

    private static void facet(Document doc, Facet facet, String value) {
        doc.add(new SortedSetDocValuesFacetField(facet.key(), value));
        doc.add(new StringField(filter(facet), value, Field.Store.NO));
    }

    private static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        for (Facet facet : Facet.values()) {
            config.setMultiValued(facet.key(), facet.multiValued());
        }
        return config;
    }
}
