package dev.granary.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.FixedBitSet;

/**
 * The documents matching at least {@code required} of a text's words, without scores: what a text of three or
 * more words matches ({@link RelevanceQuery#required}), for the counting passes. Lucene answers a
 * minimum-should-match disjunction by advancing every word's sub-queries in step through a heap, per document;
 * here each word (its ways to match as one plain disjunction, which Lucene evaluates in bit-set windows) is
 * counted over the segment on its own into one byte per document, and the documents with enough words are read
 * off. Matches exactly what the scoring {@code BooleanQuery} with {@code minimumNumberShouldMatch} matches.
 */
final class EnoughWords extends Query {
    private final List<Query> words;
    private final int required;

    private EnoughWords(List<Query> words, int required) {
        if (required < 1 || required > words.size()) {
            throw new IllegalArgumentException("required is " + required + " of " + words.size()
                    + " words; it must be between 1 and the number of words");
        }
        this.words = List.copyOf(words);
        this.required = required;
    }

    /**
     * The match-only form of a (rewritten) text query of {@link RelevanceQuery#text}: an {@code EnoughWords}
     * for its words with the minimum number of them when that is fewer than all; a conjunction of the words'
     * plain disjunctions when every word is needed (as Lucene turns them into required clauses); one word as a
     * plain disjunction of its ways; otherwise the query itself. A word count is one byte, so at most 127 words.
     */
    static Query of(Query text) {
        if (text instanceof DisjunctionMaxQuery word) {
            return anyWay(word);
        }
        if (!(text instanceof BooleanQuery b) || b.clauses().isEmpty() || b.clauses().size() > Byte.MAX_VALUE) {
            return text;
        }
        int required;
        if (b.clauses().stream().allMatch(c -> c.occur() == Occur.SHOULD) && b.getMinimumNumberShouldMatch() >= 1) {
            required = b.getMinimumNumberShouldMatch();
        } else if (b.clauses().stream().allMatch(c -> c.occur() == Occur.MUST) && b.getMinimumNumberShouldMatch() == 0) {
            required = b.clauses().size();
        } else {
            return text;
        }
        if (required == b.clauses().size()) {
            // every word: a plain conjunction, which Lucene leads by its rarest word and evaluates in bit-set
            // windows when all are dense, cheaper than counting every word over the whole segment
            BooleanQuery.Builder all = new BooleanQuery.Builder();
            for (BooleanClause c : b.clauses()) {
                all.add(anyWay(c.query()), Occur.FILTER);
            }
            return all.build();
        }
        List<Query> words = new ArrayList<>();
        for (BooleanClause c : b.clauses()) {
            words.add(new ConstantScoreQuery(anyWay(c.query())));
        }
        return new EnoughWords(words, required);
    }

    /** A word's ways to match as a plain disjunction: which way matches best only matters for scores. */
    private static Query anyWay(Query word) {
        Query q = word instanceof BoostQuery boost ? boost.getQuery() : word;
        if (!(q instanceof DisjunctionMaxQuery dismax)) {
            return q;
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (Query way : dismax.getDisjuncts()) {
            any.add(way instanceof BoostQuery boost ? boost.getQuery() : way, Occur.SHOULD);
        }
        return any.build();
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        List<Query> rewritten = new ArrayList<>(words.size());
        boolean changed = false;
        for (Query w : words) {
            Query r = w.rewrite(searcher);
            changed |= r != w;
            rewritten.add(r);
        }
        return changed ? new EnoughWords(rewritten, required) : this;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        List<Weight> weights = new ArrayList<>(words.size());
        for (Query w : words) {
            weights.add(searcher.createWeight(w, ScoreMode.COMPLETE_NO_SCORES, 1f));
        }
        return new ConstantScoreWeight(this, boost) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext ctx) throws IOException {
                FixedBitSet enough = enough(weights, ctx);
                if (enough == null) {
                    return null;
                }
                int cost = enough.cardinality();
                Scorer scorer = new ConstantScoreScorer(score(), scoreMode, new BitSetIterator(enough, cost));
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) {
                        return scorer;
                    }

                    @Override
                    public long cost() {
                        return cost;
                    }
                };
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                for (Weight w : weights) {
                    if (!w.isCacheable(ctx)) {
                        return false;
                    }
                }
                return true;
            }
        };
    }

    /** The segment's documents with at least {@link #required} words; null when there are none. */
    private FixedBitSet enough(List<Weight> weights, LeafReaderContext ctx) throws IOException {
        int maxDoc = ctx.reader().maxDoc();
        byte[] counts = new byte[maxDoc];
        int present = 0;
        for (Weight w : weights) {
            BulkScorer bulk = w.bulkScorer(ctx);
            if (bulk == null) {
                continue;
            }
            present++;
            bulk.score(new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                    // counting words needs no scores
                }

                @Override
                public void collect(int doc) {
                    counts[doc]++;
                }
            }, ctx.reader().getLiveDocs(), 0, maxDoc);
        }
        if (present < required) {
            return null;
        }
        FixedBitSet enough = new FixedBitSet(maxDoc);
        boolean any = false;
        for (int doc = 0; doc < maxDoc; doc++) {
            if (counts[doc] >= required) {
                enough.set(doc);
                any = true;
            }
        }
        return any ? enough : null;
    }

    @Override
    public void visit(QueryVisitor visitor) {
        QueryVisitor v = visitor.getSubVisitor(Occur.SHOULD, this);
        words.forEach(w -> w.visit(v));
    }

    @Override
    public String toString(String field) {
        return "EnoughWords(" + required + " of " + words + ")";
    }

    @Override
    public boolean equals(Object o) {
        return sameClassAs(o) && required == ((EnoughWords) o).required && words.equals(((EnoughWords) o).words);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), words, required);
    }
}
