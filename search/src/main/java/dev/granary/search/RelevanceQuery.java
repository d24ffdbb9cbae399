package dev.granary.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Builds the Lucene query of a search. Every query word must match (AND) in queries of up to two words,
 * three quarters of them in longer ones; a word matches the best of: the name
 * ({@value #NAME}), a name prefix for the last word while typing ({@value #PREFIX}), a name within one edit
 * (words of 4+ letters) ({@value #FUZZY}), the description ({@value #DESCRIPTION}), or the view/entity/owner/tag words
 * ({@value #META}). The text score is folded with usage ({@link UsageBoost}, below {@code 3}) and an exact name
 * adds {@value #EXACT}, so it always ranks first.
 */
final class RelevanceQuery {
    static final float NAME = 4f;
    static final float PREFIX = 2f;
    static final float FUZZY = 1.5f;
    static final float DESCRIPTION = 1.5f;
    static final float META = 0.5f;
    static final float EXACT = 10f;
    /** Shorter words are not matched with typos: one edit in three letters is another word. */
    static final int FUZZY_MIN_LENGTH = 4;

    private final CatalogAnalysis analysis;

    RelevanceQuery(CatalogAnalysis analysis) {
        this.analysis = analysis;
    }

    /** The text part: what must match and how well; match-all for empty text. */
    Query text(String text) {
        List<String> words = analysis.queryWords(text);
        if (words.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        boolean typing = !text.isEmpty() && !Character.isWhitespace(text.charAt(text.length() - 1));
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (int i = 0; i < words.size(); i++) {
            all.add(word(words.get(i), typing && i == words.size() - 1), Occur.SHOULD);
        }
        return all.setMinimumNumberShouldMatch(required(words.size())).build();
    }

    /**
     * How many of the query's words must match: all of one or two words, three quarters (rounded down) of more,
     * so a filler word in a longer query ("trips last week") does not empty the result.
     */
    static int required(int words) {
        return words <= 2 ? words : words * 3 / 4;
    }

    /** Text, usage and the exact-name bonus, without filters. */
    Query ranked(String text, Query textQuery) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(new UsageBoost(textQuery), Occur.SHOULD);
        exactName(text).ifPresent(exact -> b.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(exact)),
                EXACT), Occur.SHOULD));
        return b.build();
    }

    /**
     * The documents {@link #ranked} matches, without scores: for counting. Lucene rewrites a query it knows needs
     * no scores (inside {@link ConstantScoreQuery}) into cheaper forms, which the usage wrapper would hide; a text
     * that needs only some of its words is counted word by word ({@link EnoughWords}).
     */
    Query matching(String text, Query textQuery) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(EnoughWords.of(textQuery), Occur.SHOULD);
        exactName(text).ifPresent(exact -> b.add(new TermQuery(exact), Occur.SHOULD));
        return new ConstantScoreQuery(b.build());
    }

    /** The term of the exact-name bonus: the whole text, trimmed and lower-cased; empty for empty text. */
    static Optional<Term> exactName(String text) {
        String exact = text.trim().toLowerCase(Locale.ROOT);
        return exact.isEmpty() ? Optional.empty() : Optional.of(new Term(CatalogFields.NAME_EXACT, exact));
    }

    /** The ranked query restricted by the filters, leaving one facet's filter out (null: keep all). */
    static Query filtered(Query ranked, Map<Facet, Set<String>> filters, Facet except) {
        if (filters.isEmpty() || except != null && filters.size() == 1 && filters.containsKey(except)) {
            return ranked;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(ranked, Occur.MUST);
        filters.forEach((facet, values) -> {
            if (facet == except) {
                return;
            }
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            values.forEach(v -> any.add(new TermQuery(new Term(CatalogFields.filter(facet), v)), Occur.SHOULD));
            b.add(any.build(), Occur.FILTER);
        });
        return b.build();
    }

    /**
     * Name terms starting with a word, at a constant score (as a {@link PrefixQuery} scores): one term of the
     * name prefixes when the word is short enough to be indexed there, which is where a prefix expands to many
     * name terms; a longer word expands over the name terms, which it narrows to a few.
     */
    static Query prefix(String word) {
        if (word.length() <= CatalogAnalysis.MAX_PREFIX) {
            return new ConstantScoreQuery(new TermQuery(new Term(CatalogFields.NAME_PREFIX, word)));
        }
        return new PrefixQuery(new Term(CatalogFields.NAME, word));
    }

    private Query word(String word, boolean last) {
        List<Query> ways = new ArrayList<>();
        ways.add(new BoostQuery(new TermQuery(new Term(CatalogFields.NAME, word)), NAME));
        if (last) {
            ways.add(new BoostQuery(prefix(word), PREFIX));
        }
        if (word.length() >= FUZZY_MIN_LENGTH) {
            // one edit (a transposition counts as one): two-edit automata cost several times more to build
            ways.add(new BoostQuery(new FuzzyQuery(new Term(CatalogFields.NAME, word), 1, 0), FUZZY));
        }
        for (String term : analysis.descriptionTerms(word)) {
            ways.add(new BoostQuery(new TermQuery(new Term(CatalogFields.DESCRIPTION, term)), DESCRIPTION));
        }
        ways.add(new BoostQuery(new TermQuery(new Term(CatalogFields.META, word)), META));
        return new DisjunctionMaxQuery(ways, 0.1f);
    }
}
