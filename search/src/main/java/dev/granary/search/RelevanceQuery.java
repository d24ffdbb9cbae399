package dev.granary.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.index.IndexReader;
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
 * ({@value #NAME}), the stem of a name word ({@value #NAME_STEM}), a name prefix for the last word while typing
 * ({@value #PREFIX}), a name within one edit (words of 4+ letters the names do not hold) ({@value #FUZZY}), the description
 * ({@value #DESCRIPTION}), a feature's context: its view, entities, source and services ({@value #CONTEXT}), or
 * the view/entity/owner/tag words ({@value #META}). The text score is folded with usage ({@link UsageBoost}, below {@code 3}) and an exact name
 * adds {@value #EXACT}, so it always ranks first.
 */
final class RelevanceQuery {
    static final float NAME = 4f;
    static final float PREFIX = 2f;
    static final float FUZZY = 1.5f;
    static final float NAME_STEM = 3f;
    static final float DESCRIPTION = 1.5f;
    static final float CONTEXT = 1f;
    static final float META = 0.5f;
    static final float EXACT = 10f;
    /** Shorter words are not matched with typos: one edit in three letters is another word. */
    static final int FUZZY_MIN_LENGTH = 4;

    private final CatalogAnalysis analysis;

    RelevanceQuery(CatalogAnalysis analysis) {
        this.analysis = analysis;
    }

    /** The text part, every word of 4+ letters also matched with typos; match-all for empty text. */
    Query text(String text) {
        return text(text, analysis.queryWords(text).stream()
                .filter(w -> w.length() >= FUZZY_MIN_LENGTH).collect(Collectors.toSet()));
    }

    /**
     * The query words matched with typos: words of 4+ letters that are not name words of the index, neither
     * themselves nor by their stem. A word the catalog's names hold is what the person meant: {@code spending}
     * (the stem of {@code spend}) must not also find {@code speeding}.
     */
    Set<String> fuzzyWords(String text, IndexReader reader) throws IOException {
        Set<String> fuzzy = new HashSet<>();
        for (String word : analysis.queryWords(text)) {
            if (word.length() < FUZZY_MIN_LENGTH || reader.docFreq(new Term(CatalogFields.NAME, word)) > 0) {
                continue;
            }
            boolean stemIsName = false;
            for (String stem : analysis.descriptionTerms(word)) {
                stemIsName |= reader.docFreq(new Term(CatalogFields.NAME, stem)) > 0;
            }
            if (!stemIsName) {
                fuzzy.add(word);
            }
        }
        return fuzzy;
    }

    /** The text part: what must match and how well, typos only for {@code fuzzy} words; match-all for empty text. */
    Query text(String text, Set<String> fuzzy) {
        List<String> words = analysis.queryWords(text);
        if (words.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        boolean typing = !text.isEmpty() && !Character.isWhitespace(text.charAt(text.length() - 1));
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            all.add(word(word, typing && i == words.size() - 1, fuzzy.contains(word)), Occur.SHOULD);
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

    private Query word(String word, boolean last, boolean fuzzy) {
        List<Query> ways = new ArrayList<>();
        ways.add(new BoostQuery(new TermQuery(new Term(CatalogFields.NAME, word)), NAME));
        if (last) {
            ways.add(new BoostQuery(prefix(word), PREFIX));
        }
        if (fuzzy) {
            // one edit (a transposition counts as one): two-edit automata cost several times more to build
            ways.add(new BoostQuery(new FuzzyQuery(new Term(CatalogFields.NAME, word), 1, 0), FUZZY));
        }
        List<String> stems = analysis.descriptionTerms(word);
        for (String term : stems) {
            if (!term.equals(word)) {
                ways.add(new BoostQuery(new TermQuery(new Term(CatalogFields.NAME, term)), NAME_STEM));
            }
            ways.add(new BoostQuery(new TermQuery(new Term(CatalogFields.DESCRIPTION, term)), DESCRIPTION));
            ways.add(new BoostQuery(new TermQuery(new Term(CatalogFields.CONTEXT, term)), CONTEXT));
        }
        ways.add(new BoostQuery(new TermQuery(new Term(CatalogFields.META, word)), META));
        return new DisjunctionMaxQuery(ways, 0.1f);
    }
}
