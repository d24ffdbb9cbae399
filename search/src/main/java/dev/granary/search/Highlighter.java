package dev.granary.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;

/**
 * Marks the words of a hit's name and description that a query matched, with the same rules as
 * {@link RelevanceQuery}: a name word equal to a query word, one of its synonyms or its stem, within one edit of it
 * (4+ letters), or starting with the last word while typing; a description word with the same stem. It works
 * on the stored text (re-analysed, synonyms included, so {@code conversion} marks {@code conv}) and never
 * touches the index, which makes it several times cheaper than a postings highlighter with fuzzy terms.
 */
final class Highlighter {
    /** Longer descriptions are cut to a window around the first match. */
    static final int MAX_FRAGMENT = 300;

    private final CatalogAnalysis analysis;
    private final List<String> words;
    private final boolean typing;
    private final List<String> stems = new ArrayList<>();
    private final List<List<String>> wordStems = new ArrayList<>();
    private final Set<String> fuzzy;

    /** Every word of 4+ letters matched with typos. */
    Highlighter(CatalogAnalysis analysis, String text) {
        this(analysis, text, null);
    }

    /** Only the {@code fuzzy} words matched with typos (null: every word of 4+ letters). */
    Highlighter(CatalogAnalysis analysis, String text, Set<String> fuzzy) {
        this.analysis = analysis;
        this.fuzzy = fuzzy;
        this.words = analysis.queryWords(text);
        this.typing = !text.isEmpty() && !Character.isWhitespace(text.charAt(text.length() - 1));
        words.forEach(w -> {
            List<String> own = analysis.descriptionTerms(w);
            wordStems.add(own);
            stems.addAll(own);
        });
    }

    /**
     * Which fields of a hit the query's words matched, in this order: {@code name}, {@code description},
     * {@code view}, {@code entity}, {@code source}, {@code service}, {@code meta} (owner, tags and the
     * aggregation), each with the query words that matched it in the query's order, by the rules of
     * {@link RelevanceQuery}. Fields nothing matched are absent. Each field's tokens are read once (cached
     * analysis) and checked against every word.
     */
    Map<String, List<String>> matched(Document doc) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String name = doc.get(CatalogFields.NAME);
        if (name != null) {
            boolean[] found = new boolean[words.size()];
            for (CatalogAnalysis.Token token : analysis.indexTokens(CatalogFields.NAME, name)) {
                for (int i = 0; i < found.length; i++) {
                    found[i] |= !found[i] && matchesName(token.term(), i);
                }
            }
            add(out, "name", found);
        }
        stemmed(out, doc, CatalogFields.DESCRIPTION, CatalogFields.DESCRIPTION, "description");
        stemmed(out, doc, CatalogFields.CONTEXT_VIEW, CatalogFields.CONTEXT, "view");
        stemmed(out, doc, CatalogFields.CONTEXT_ENTITY, CatalogFields.CONTEXT, "entity");
        stemmed(out, doc, CatalogFields.CONTEXT_SOURCE, CatalogFields.CONTEXT, "source");
        stemmed(out, doc, CatalogFields.CONTEXT_SERVICE, CatalogFields.CONTEXT, "service");
        String meta = doc.get(CatalogFields.META);
        if (meta != null) {
            boolean[] found = new boolean[words.size()];
            for (CatalogAnalysis.Token token : analysis.indexTokens(CatalogFields.META, meta)) {
                for (int i = 0; i < found.length; i++) {
                    found[i] |= token.term().equals(words.get(i));
                }
            }
            add(out, "meta", found);
        }
        return out;
    }

    /** A field analysed as descriptions: a word matches when one of its stems is a term of the field. */
    private void stemmed(Map<String, List<String>> out, Document doc, String stored, String field, String label) {
        String text = doc.get(stored);
        if (text == null) {
            return;
        }
        boolean[] found = new boolean[words.size()];
        for (CatalogAnalysis.Token token : analysis.indexTokens(field, text)) {
            if (stems.contains(token.term())) {
                for (int i = 0; i < found.length; i++) {
                    found[i] |= wordStems.get(i).contains(token.term());
                }
            }
        }
        add(out, label, found);
    }

    private void add(Map<String, List<String>> out, String field, boolean[] found) {
        List<String> matching = null;
        for (int i = 0; i < found.length; i++) {
            if (found[i]) {
                if (matching == null) {
                    matching = new ArrayList<>(found.length);
                }
                matching.add(words.get(i));
            }
        }
        if (matching != null) {
            out.put(field, matching);
        }
    }

    /** The name with matched words in {@code <em>}, or null when nothing matched. */
    String name(String name) {
        List<int[]> marks = new ArrayList<>();
        for (CatalogAnalysis.Token token : analysis.indexTokens(CatalogFields.NAME, name)) {
            if (matchesName(token.term(), -1)) {
                marks.add(new int[] {token.start(), token.end()});
            }
        }
        return marks.isEmpty() ? null : render(name, marks, 0, name.length());
    }

    /** The description (or a window of it) with matched words in {@code <em>}, or null when nothing matched. */
    String description(String description) {
        List<int[]> marks = new ArrayList<>();
        for (CatalogAnalysis.Token token : analysis.indexTokens(CatalogFields.DESCRIPTION, description)) {
            if (stems.contains(token.term())) {
                marks.add(new int[] {token.start(), token.end()});
            }
        }
        if (marks.isEmpty()) {
            return null;
        }
        int from = 0;
        int to = description.length();
        if (to > MAX_FRAGMENT) {
            from = Math.max(0, marks.getFirst()[0] - MAX_FRAGMENT / 5);
            to = Math.min(description.length(), from + MAX_FRAGMENT);
        }
        return render(description, marks, from, to);
    }

    /** Whether a name term matches a query word: the word at index {@code only}, or any word when it is -1. */
    private boolean matchesName(String term, int only) {
        for (int i = 0; i < words.size(); i++) {
            if (only >= 0 && i != only) {
                continue;
            }
            String w = words.get(i);
            if (term.equals(w)
                    || wordStems.get(i).contains(term)
                    || typing && i == words.size() - 1 && term.startsWith(w)
                    || w.length() >= RelevanceQuery.FUZZY_MIN_LENGTH && (fuzzy == null || fuzzy.contains(w))
                            && oneEditApart(term, w)) {
                return true;
            }
        }
        return false;
    }

    /** True when one substitution, insertion, deletion or swap of neighbours turns a into b. */
    static boolean oneEditApart(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1) {
            return false;
        }
        int i = 0;
        while (i < la && i < lb && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == la && i == lb) {
            return true;
        }
        if (la == lb) {
            return a.substring(i + 1).equals(b.substring(i + 1))
                    || i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                            && a.substring(i + 2).equals(b.substring(i + 2));
        }
        return la > lb ? a.substring(i + 1).equals(b.substring(i)) : a.substring(i).equals(b.substring(i + 1));
    }

    private static String render(String text, List<int[]> marks, int from, int to) {
        marks.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(y[1], x[1]));
        StringBuilder out = new StringBuilder();
        if (from > 0) {
            out.append("… ");
        }
        int at = from;
        for (int[] m : marks) {
            if (m[0] < at || m[1] > to) {
                continue; // overlaps a mark already written (a synonym at the same offsets) or outside the window
            }
            escape(text, at, m[0], out);
            out.append("<em>");
            escape(text, m[0], m[1], out);
            out.append("</em>");
            at = m[1];
        }
        escape(text, at, to, out);
        if (to < text.length()) {
            out.append(" …");
        }
        return out.toString();
    }

    private static void escape(String text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
