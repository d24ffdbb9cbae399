package dev.granary.search;

/** Names of the index fields; one place so documents, queries and highlighting agree. */
final class CatalogFields {
    /** Unique key of a document: type, project, view and name (see {@link SpecDocuments#id}). */
    static final String ID = "id";
    static final String PROJECT = "project";
    static final String TYPE = "type";
    /** Analysed name (split, synonyms), stored for hits and highlighting. */
    static final String NAME = "name";
    /**
     * Every prefix, up to {@link CatalogAnalysis#MAX_PREFIX} characters, of every name term (synonyms included):
     * the last word while typing is one term lookup here instead of an expansion over the name terms.
     */
    static final String NAME_PREFIX = "name_prefix";
    /** Lower-cased whole name, {@code view:name} and {@code view__name}: the exact-match boost. */
    static final String NAME_EXACT = "name_exact";
    static final String DESCRIPTION = "description";
    /** Analysed view, entity, owner and tag words, the aggregation and its window: weakest text field. */
    static final String META = "meta";
    /**
     * A feature's context ({@link CatalogObject.Context}): its view's, entities' and source's names and
     * descriptions and the names of the services using it, analysed as descriptions (stemmed). Weaker than the
     * feature's own name and description.
     */
    static final String CONTEXT = "context";
    /** The parts of {@link #CONTEXT}, stored (not indexed) to explain which part a query matched. */
    static final String CONTEXT_VIEW = "ctx_view";
    static final String CONTEXT_ENTITY = "ctx_entity";
    static final String CONTEXT_SOURCE = "ctx_source";
    static final String CONTEXT_SERVICE = "ctx_service";
    static final String VIEW = "view";
    static final String VALUE_TYPE = "value_type";
    static final String KIND = "kind";
    static final String OWNER = "owner";
    static final String TAGS = "tags";
    static final String STAT_NULL_FRACTION = "stat_null_fraction";
    static final String STAT_DISTINCT = "stat_distinct";
    static final String STAT_MIN = "stat_min";
    static final String STAT_MAX = "stat_max";
    static final String STAT_MEAN = "stat_mean";
    /**
     * The usage multiplier of {@link UsageBoost#factor}, as the bits of a double: computed when usage is written,
     * so a search reads one doc value per hit instead of three counts and three logarithms.
     */
    static final String USAGE_FACTOR = "usage_factor";
    /** Tiebreak between equal scores, so pages are stable: project, view, name, type. */
    static final String SORT_KEY = "sort_key";

    private CatalogFields() {
    }

    /** The keyword field a facet filters on (facet counts use the facets module's own field). */
    static String filter(Facet facet) {
        return "f_" + facet.key();
    }
}
