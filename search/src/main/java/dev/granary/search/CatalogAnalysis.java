package dev.granary.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.KeywordRepeatFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * How catalog text becomes terms. Names: standard tokenizer, then split on {@code _}, {@code -} and case changes
 * (digits stay with their letters, so {@code trips_7d} gives {@code trips}, {@code 7d}), lower-cased, each word
 * indexed with its Porter stem beside it. Descriptions and a feature's context: the same, stems instead of words. At index time both expand the synonyms of {@code synonyms.txt} (flattened, so a
 * multi-word synonym indexes its words); queries are not expanded, which keeps them cheap. Name prefixes: the
 * name's index terms and their first 1 to {@value #MAX_PREFIX} characters, so a typed prefix is one term.
 */
final class CatalogAnalysis {
    /** Bumped whenever analysis or fields change: an index written with another version is rebuilt. */
    static final String VERSION = "6";

    /**
     * Longest name prefix indexed in {@link CatalogFields#NAME_PREFIX}; a longer typed word is matched by
     * expanding it over the name terms, which a prefix this long narrows to a few.
     */
    static final int MAX_PREFIX = 8;

    private static final int SPLIT = WordDelimiterGraphFilter.GENERATE_WORD_PARTS
            | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
            | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE;
    private static final CharArraySet STOP_WORDS = stopWords();

    /** Texts whose index tokens are kept, per field. */
    private static final int TOKEN_CACHE_SIZE = 20_000;

    private final Map<String, List<Token>> nameTokens = new ConcurrentHashMap<>();
    private final Map<String, List<Token>> descriptionTokens = new ConcurrentHashMap<>();
    private final Map<String, List<Token>> metaTokens = new ConcurrentHashMap<>();
    private final SynonymMap synonyms;
    private final Analyzer nameQuery = analyzer(false, Stems.NONE, false);
    private final Analyzer descriptionQuery = analyzer(false, Stems.ONLY, false);
    private final Analyzer index;

    /** What an analyzer does with stems: none, stems instead of words, or both (words and their stems). */
    private enum Stems { NONE, ONLY, BESIDE_WORDS }

    CatalogAnalysis() {
        this.synonyms = loadSynonyms(nameQuery);
        Analyzer described = analyzer(true, Stems.ONLY, false);
        this.index = new PerFieldAnalyzerWrapper(analyzer(true, Stems.NONE, false), Map.of(
                CatalogFields.NAME, analyzer(true, Stems.BESIDE_WORDS, false),
                CatalogFields.DESCRIPTION, described,
                CatalogFields.CONTEXT, described,
                CatalogFields.NAME_PREFIX, analyzer(true, Stems.BESIDE_WORDS, true)));
    }

    /**
     * English stop words and the words of a question ({@code how often do riders cancel}): they say how a person
     * asks, not what they look for, and would otherwise count as query words that must match.
     */
    private static CharArraySet stopWords() {
        CharArraySet words = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
        words.addAll(List.of("how", "what", "which", "who", "when", "where", "why", "often", "many", "much", "do",
                "does", "did", "i", "me", "my", "we", "our", "you", "your", "show", "find", "get", "got", "has",
                "have", "had", "can", "should", "would", "could"));
        return CharArraySet.unmodifiableSet(words);
    }

    /** The analyzer documents are indexed (and highlighted) with. */
    Analyzer indexAnalyzer() {
        return index;
    }

    /** The index analyzer's tokens for the documents of one write, each distinct text analysed once. */
    AnalysedTexts analysedTexts() {
        return new AnalysedTexts(index);
    }

    /** The words of a query, as name terms, without English stop words (unless there is nothing else). */
    List<String> queryWords(String text) {
        List<String> all = terms(nameQuery, CatalogFields.NAME, text);
        List<String> kept = all.stream().filter(w -> !STOP_WORDS.contains(w)).toList();
        return kept.isEmpty() ? all : kept;
    }

    /** A query word as description terms (stemmed). */
    List<String> descriptionTerms(String word) {
        return terms(descriptionQuery, CatalogFields.DESCRIPTION, word);
    }

    /** A term with the offsets of the text it came from. */
    record Token(String term, int start, int end) {
    }

    /**
     * The terms a field's text is indexed as, synonyms included, with their offsets (for highlighting). Recent
     * results are kept: a page of hits re-analyses the same names and descriptions query after query, and the
     * synonym graph made that the largest cost of building hits.
     */
    List<Token> indexTokens(String field, String text) {
        Map<String, List<Token>> cache = CatalogFields.NAME.equals(field) ? nameTokens
                : CatalogFields.DESCRIPTION.equals(field) || CatalogFields.CONTEXT.equals(field) ? descriptionTokens
                : CatalogFields.META.equals(field) ? metaTokens : null;
        if (cache == null) {
            return analyseForIndex(field, text);
        }
        List<Token> tokens = cache.get(text);
        if (tokens == null) {
            tokens = analyseForIndex(field, text);
            if (cache.size() >= TOKEN_CACHE_SIZE) {
                cache.clear(); // crude but bounded; refilled by the next pages
            }
            cache.put(text, tokens);
        }
        return tokens;
    }

    private List<Token> analyseForIndex(String field, String text) {
        List<Token> out = new ArrayList<>();
        try (TokenStream ts = index.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offsets = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(new Token(term.toString(), offsets.startOffset(), offsets.endOffset()));
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing '" + text + "'", e);
        }
        return List.copyOf(out);
    }

    private static List<String> terms(Analyzer analyzer, String field, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing '" + text + "'", e);
        }
        return out;
    }

    /** prefixes: each term followed by its prefixes of 1 to {@link #MAX_PREFIX} characters (names only). */
    private Analyzer analyzer(boolean expandSynonyms, Stems stems, boolean prefixes) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream ts = new WordDelimiterGraphFilter(source, true,
                        WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE, SPLIT, null); // true: offsets per part
                ts = new LowerCaseFilter(ts);
                if (expandSynonyms) {
                    ts = new SynonymGraphFilter(ts, synonyms, true);
                    ts = new FlattenGraphFilter(ts);
                }
                if (stems == Stems.BESIDE_WORDS) {
                    // a name keeps its words (exact matches, prefixes, typos) and gains their stems at the same
                    // position, so spending finds spend and cancellations finds cancelled_trips
                    ts = new KeywordRepeatFilter(ts);
                    ts = new PorterStemFilter(ts);
                    ts = new RemoveDuplicatesTokenFilter(ts);
                } else if (stems == Stems.ONLY) {
                    ts = new PorterStemFilter(ts);
                }
                if (prefixes) {
                    // false: a longer term is not kept whole; queries look up only prefixes up to MAX_PREFIX here
                    ts = new EdgeNGramTokenFilter(ts, 1, MAX_PREFIX, false);
                }
                return new TokenStreamComponents(source, ts);
            }
        };
    }

    private static SynonymMap loadSynonyms(Analyzer analyzer) {
        try (InputStream in = CatalogAnalysis.class.getResourceAsStream("synonyms.txt")) {
            if (in == null) {
                throw new IllegalStateException("synonyms.txt is missing from the search jar; rebuild the module");
            }
            SolrSynonymParser parser = new SolrSynonymParser(true, true, analyzer);
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            parser.parse(reader);
            return parser.build();
        } catch (IOException e) {
            throw new UncheckedIOException("reading synonyms.txt", e);
        } catch (ParseException e) {
            throw new IllegalStateException("synonyms.txt line " + e.getErrorOffset() + " is malformed: "
                    + e.getMessage(), e);
        }
    }
}
