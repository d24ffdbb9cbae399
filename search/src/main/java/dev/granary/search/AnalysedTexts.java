package dev.granary.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The index analyzer's tokens of the texts of one write, each distinct text of a field analysed once and replayed
 * for every document that holds it. The documents of a project repeat their texts: every feature of a view
 * carries the view's, entities' and source's context and most of the view's meta words, and names and
 * descriptions recur across views; the synonym graph and the stemmers were most of the cost of indexing. A replay
 * gives the terms and position increments the analyzer gave, which is all an index of terms and frequencies
 * reads (norms count tokens and overlaps, that is increments of 0). Not thread-safe: one per write.
 */
final class AnalysedTexts {
    private final Analyzer analyzer;
    private final Map<String, Map<String, Tokens>> byField = new HashMap<>();

    AnalysedTexts(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** The terms of a text and the position increment of each. */
    record Tokens(String[] terms, int[] increments) {
        Tokens {
            if (terms.length != increments.length) {
                throw new IllegalArgumentException(terms.length + " terms and " + increments.length
                        + " increments; every term has one");
            }
        }
    }

    /** A field's text as the index analyzer tokenizes it, analysed on its first use in this write. */
    TokenStream tokens(String field, String text) {
        return new Replay(recorded(field, text));
    }

    Tokens recorded(String field, String text) {
        Map<String, Tokens> texts = byField.computeIfAbsent(field, f -> new HashMap<>());
        Tokens tokens = texts.get(text);
        if (tokens == null) {
            tokens = analyse(field, text);
            texts.put(text, tokens);
        }
        return tokens;
    }

    private Tokens analyse(String field, String text) {
        List<String> terms = new ArrayList<>();
        List<Integer> increments = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                terms.add(term.toString());
                increments.add(increment.getPositionIncrement());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing '" + text + "' for the field " + field, e);
        }
        return new Tokens(terms.toArray(String[]::new), increments.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Plays recorded tokens back as a token stream for the index writer. */
    private static final class Replay extends TokenStream {
        private final Tokens tokens;
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
        private int next;

        Replay(Tokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public boolean incrementToken() {
            if (next == tokens.terms().length) {
                return false;
            }
            clearAttributes();
            term.setEmpty().append(tokens.terms()[next]);
            increment.setPositionIncrement(tokens.increments()[next]);
            next++;
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }
    }
}
