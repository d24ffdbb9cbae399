package dev.granary.search;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.FilterWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.FixedBitSet;

/**
 * A text query whose score has usage folded in: {@code r / (r + K) * (1 + min(CAP, SIGNAL_WEIGHT * (0.5
 * log1p(services) + 0.2 log1p(exports) + 0.1 log1p(lookups))))} where {@code r} is the text relevance. The squash keeps the order of
 * text relevance but bounds the score below {@code 1 + CAP}, so the exact-name bonus ({@link RelevanceQuery})
 * always outranks usage, while usage decides between hits of similar relevance. The multiplier is computed
 * when usage is written ({@link CatalogFields#USAGE_FACTOR}), not per hit.
 *
 * <p>Broad queries need not score every match. The score is a monotone function of {@code r} times a multiplier
 * of at most {@code 1 + CAP}, so a block of documents cannot score more than
 * {@code squash(max r of the block) * (1 + CAP)}, and a document needs at least the inverse of that to reach a
 * given score. The scorer tells Lucene both ({@link Scorer#getMaxScore}, {@link Scorer#setMinCompetitiveScore}),
 * and, once the page holds hits at score {@code s}, visits only the documents whose multiplier reaches
 * {@code s / squash(max r of the block)} ({@link SegmentUsage}): a top-k search skips what cannot make the page
 * instead of scoring every match, with the same ranking as scoring them all. Without scores (counting) it is the
 * text query itself.
 */
final class UsageBoost extends Query {
    /**
     * The squash {@code r / (r + K)} is nearly linear over the text relevances of real queries (5 to 20), and usage
     * multiplies it by at most 1.5: text decides and usage reorders hits of similar relevance, so a heavily used
     * 30-day feature does not outrank the 1-hour one a query asks for (./bench relevance, docs/search.md).
     */
    static final double K = 30.0;
    static final double CAP = 0.5;
    static final double SIGNAL_WEIGHT = 0.25;
    /** The largest multiplier, {@code 1 + CAP}. */
    static final double MAX_FACTOR = 1 + CAP;
    /**
     * Relative slack on the bounds given to Lucene: the score is computed in doubles and rounded to a float, so
     * a bound computed the same way could be a rounding below a real score and skip a hit that belongs on the
     * page; a slightly loose bound only skips a little less.
     */
    private static final double SLACK = 1e-5;

    private final Query text;

    UsageBoost(Query text) {
        this.text = requireNonNull(text, "text is null");
    }

    /**
     * The multiplier of a usage, {@code 1} for none, at most {@code 1 + CAP}: a quarter of the signal, so it still
     * grows up to a signal of 2 (50,000 lookups rank above 1,000).
     */
    static double factor(long services, long exports, long lookups) {
        double signal = 0.5 * Math.log1p(services) + 0.2 * Math.log1p(exports) + 0.1 * Math.log1p(lookups);
        return 1 + Math.min(CAP, SIGNAL_WEIGHT * signal);
    }

    /** The score of a text relevance {@code r} with a usage multiplier. */
    static float score(double r, double factor) {
        return (float) (r / (r + K) * factor);
    }

    /** An upper bound of the score of any document whose text relevance is at most {@code maxR}. */
    static float maxScore(float maxR) {
        if (maxR == Float.POSITIVE_INFINITY) {
            return Float.POSITIVE_INFINITY;
        }
        return (float) (maxR / (maxR + K) * MAX_FACTOR * (1 + SLACK));
    }

    /**
     * A text relevance below which no document can score {@code minScore} or more (0 when every document can),
     * the inverse of {@link #maxScore}: {@code r / (r + K) * MAX_FACTOR >= s} needs {@code r >= K s / (MAX - s)}.
     */
    static float minRelevance(float minScore) {
        double s = minScore * (1 - SLACK);
        if (s <= 0) {
            return 0;
        }
        if (s >= MAX_FACTOR) {
            return Float.MAX_VALUE; // only an unbounded relevance could reach it
        }
        return (float) (K * s / (MAX_FACTOR - s) * (1 - SLACK));
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        Query rewritten = text.rewrite(searcher);
        return rewritten == text ? this : new UsageBoost(rewritten);
    }

    /**
     * How the text query scores under a top-k search. A text of three or more words needs only some of them
     * ({@link RelevanceQuery#required}); Lucene's block-max scorer for such a query cost more than plain scoring
     * (measured per typo or prefix query of 3-5 words, whole search: 4.8-5.2 ms against 2.7-4.1 ms), and the
     * usage rungs still skip documents with the looser bound {@code r / (r + K) < 1}. All-words texts keep the
     * block-max scorer, which is the faster one for them (two broad description words: 1.7 against 4.7 ms).
     */
    private ScoreMode textScoreMode(ScoreMode scoreMode) {
        boolean someWords = text instanceof BooleanQuery b && b.getMinimumNumberShouldMatch() > 0
                && b.getMinimumNumberShouldMatch() < b.clauses().size();
        return scoreMode == ScoreMode.TOP_SCORES && someWords ? ScoreMode.COMPLETE : scoreMode;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        ScoreMode textMode = textScoreMode(scoreMode);
        Weight inner = text.createWeight(searcher, textMode, boost);
        // only a top-scores text scorer knows bounds of its scores; otherwise r / (r + K) < 1 is the bound
        boolean textBounds = textMode == ScoreMode.TOP_SCORES;
        if (!scoreMode.needsScores()) {
            return inner; // the match set is the text query's; usage only changes scores
        }
        return new FilterWeight(this, inner) {
            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false; // usage changes in place through doc-value updates
            }

            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext ctx) throws IOException {
                ScorerSupplier supplier = in.scorerSupplier(ctx);
                if (supplier == null) {
                    return null;
                }
                SegmentUsage usage = SegmentUsage.of(ctx.reader());
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) throws IOException {
                        return new UsageScorer(supplier.get(leadCost), textBounds, usage,
                                ctx.reader().maxDoc());
                    }

                    @Override
                    public long cost() {
                        return supplier.cost();
                    }

                    @Override
                    public void setTopLevelScoringClause() throws IOException {
                        // the bounds above map minimum scores exactly, so the text query may prune as if on top
                        supplier.setTopLevelScoringClause();
                    }
                };
            }

            @Override
            public Explanation explain(LeafReaderContext ctx, int doc) throws IOException {
                Explanation relevance = in.explain(ctx, doc);
                if (!relevance.isMatch()) {
                    return relevance;
                }
                NumericDocValues factors = DocValues.getNumeric(ctx.reader(), CatalogFields.USAGE_FACTOR);
                double factor = factorOf(factors, doc);
                double r = relevance.getValue().doubleValue();
                return Explanation.match(score(r, factor), "r / (r + " + K + ") * usage multiplier", relevance,
                        Explanation.match(factor, "usage multiplier"));
            }
        };
    }

    private static double factorOf(NumericDocValues factors, int doc) throws IOException {
        return factors.advanceExact(doc) ? Double.longBitsToDouble(factors.longValue()) : 1;
    }

    /**
     * Scores the text scorer's matches with usage and translates score bounds to and from text relevance. Once
     * Lucene reports a minimum competitive score {@code s}, it works block by block of the text postings: a
     * document of a block whose best text relevance is {@code R} needs a multiplier of at least
     * {@code s / squash(R)}, so only the documents of that rung ({@link SegmentUsage#atLeast}) are visited and the
     * text query advances past the others without scoring them; most documents have no usage at all.
     */
    private static final class UsageScorer extends Scorer {
        private final Scorer text;
        /** Whether the text scorer bounds its scores (block-max); if not, the squashed text part is below 1. */
        private final boolean textBounds;
        private final DocIdSetIterator matches;
        private final SegmentUsage usage;
        private final int maxDoc;
        private float minScore;
        /** Last document of the current block of the text postings; -1: not computed for this minimum yet. */
        private int blockEnd = -1;
        /** Documents of the current block that can still be competitive; null when all can. */
        private FixedBitSet candidates;
        private int doc = -1;

        UsageScorer(Scorer text, boolean textBounds, SegmentUsage usage, int maxDoc) {
            this.text = text;
            this.textBounds = textBounds;
            this.matches = text.iterator();
            this.usage = usage;
            this.maxDoc = maxDoc;
        }

        @Override
        public float score() throws IOException {
            return UsageBoost.score(text.score(), usage.factor(doc));
        }

        @Override
        public int docID() {
            return doc;
        }

        @Override
        public DocIdSetIterator iterator() {
            return new DocIdSetIterator() {
                @Override
                public int docID() {
                    return doc;
                }

                @Override
                public int nextDoc() throws IOException {
                    return advance(doc + 1);
                }

                @Override
                public int advance(int target) throws IOException {
                    return doc = minScore > 0 ? nextCompetitive(target) : next(target);
                }

                @Override
                public long cost() {
                    return matches.cost();
                }
            };
        }

        private int next(int target) throws IOException {
            return matches.docID() >= target ? matches.docID() : matches.advance(target);
        }

        /** The first text match at or after target whose multiplier can reach the minimum score. */
        private int nextCompetitive(int target) throws IOException {
            while (true) {
                target = Math.max(target, matches.docID());
                if (target >= maxDoc) {
                    return DocIdSetIterator.NO_MORE_DOCS;
                }
                if (target > blockEnd && !enterBlock(target)) {
                    target = afterBlock(); // nothing in this block can compete
                    continue;
                }
                if (candidates != null) {
                    int candidate = candidates.nextSetBit(target);
                    if (candidate > blockEnd || candidate == DocIdSetIterator.NO_MORE_DOCS) {
                        // none in this block; a later block with better text may take a lower rung
                        target = afterBlock();
                        continue;
                    }
                    target = candidate;
                }
                int d = next(target);
                if (d == DocIdSetIterator.NO_MORE_DOCS || candidates == null && d <= blockEnd) {
                    return d;
                }
                if (d <= blockEnd && candidates.get(d)) {
                    return d;
                }
                target = d <= blockEnd ? d + 1 : d; // past the block: its own rung decides
            }
        }

        private int afterBlock() {
            return blockEnd >= maxDoc - 1 ? maxDoc : blockEnd + 1;
        }

        /** Moves to the block of target and picks its rung; false when no document of it can compete. */
        private boolean enterBlock(int target) throws IOException {
            double best = 1;
            blockEnd = DocIdSetIterator.NO_MORE_DOCS;
            if (textBounds) {
                blockEnd = text.advanceShallow(target);
                float maxR = text.getMaxScore(blockEnd);
                best = maxR == Float.POSITIVE_INFINITY ? 1 : maxR / (maxR + K);
            }
            double minFactor = minScore * (1 - SLACK) / (best * (1 + SLACK));
            if (minFactor > MAX_FACTOR) {
                return false;
            }
            candidates = usage.atLeast(minFactor);
            return true;
        }

        @Override
        public int advanceShallow(int target) throws IOException {
            return textBounds ? text.advanceShallow(target) : DocIdSetIterator.NO_MORE_DOCS;
        }

        @Override
        public float getMaxScore(int upTo) throws IOException {
            return textBounds ? maxScore(text.getMaxScore(upTo)) : (float) (MAX_FACTOR * (1 + SLACK));
        }

        @Override
        public void setMinCompetitiveScore(float minScore) throws IOException {
            if (textBounds) {
                text.setMinCompetitiveScore(minRelevance(minScore));
            }
            this.minScore = minScore;
            this.blockEnd = -1; // pick the rung again with the new minimum
        }
    }

    @Override
    public void visit(QueryVisitor visitor) {
        text.visit(visitor.getSubVisitor(org.apache.lucene.search.BooleanClause.Occur.MUST, this));
    }

    @Override
    public String toString(String field) {
        return "usage(" + text.toString(field) + ")";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && text.equals(((UsageBoost) other).text);
    }

    @Override
    public int hashCode() {
        return 31 * classHash() + text.hashCode();
    }
}
