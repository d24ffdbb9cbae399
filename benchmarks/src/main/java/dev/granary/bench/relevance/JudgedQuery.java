package dev.granary.bench.relevance;

import static java.util.Objects.requireNonNull;

import dev.granary.search.Facet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One judged query of {@code queries.tsv}: what a person types, the filters they set, and the graded results
 * ({@code project/view:feature} to 2 for the one wanted, 1 for acceptable). No judgments means the catalog should
 * answer nothing. {@code heldOut} queries are never looked at while tuning.
 */
record JudgedQuery(String id, boolean heldOut, String category, String text, Map<Facet, List<String>> filters,
                   Map<String, Integer> grades) {
    JudgedQuery {
        requireNonNull(id, "id is null");
        requireNonNull(category, "category is null");
        requireNonNull(text, "text is null");
        filters = Map.copyOf(filters);
        grades = Map.copyOf(grades);
        grades.forEach((ref, grade) -> {
            if (grade != 1 && grade != 2) {
                throw new IllegalArgumentException(id + ": grade of " + ref + " is " + grade + "; use 1 or 2");
            }
        });
    }

    boolean expectsNothing() {
        return grades.isEmpty();
    }

    /**
     * Reads {@code queries.tsv}: tab-separated id, split ({@code tune} or {@code heldout}), category, text,
     * filters ({@code owner=x;tag=k=v}, {@code -} for none) and judgments ({@code ref=2 ref=1 ...}, {@code -} for
     * a query that should find nothing); lines starting with {@code #} are comments.
     */
    static List<JudgedQuery> load() {
        try (InputStream in = JudgedQuery.class.getResourceAsStream("queries.tsv")) {
            if (in == null) {
                throw new IllegalStateException("queries.tsv is missing from the bench jar; rebuild benchmarks");
            }
            List<JudgedQuery> out = new ArrayList<>();
            for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                if (c.length != 6) {
                    throw new IllegalStateException("queries.tsv: expected 6 tab-separated columns in '" + line + "'");
                }
                if (!c[1].equals("tune") && !c[1].equals("heldout")) {
                    throw new IllegalStateException("queries.tsv: " + c[0] + " split is '" + c[1] + "'");
                }
                Map<Facet, List<String>> filters = new LinkedHashMap<>();
                if (!c[4].equals("-")) {
                    for (String f : c[4].split(";")) {
                        String key = f.substring(0, f.indexOf('='));
                        Facet facet = Facet.parse(key.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                                new IllegalStateException("queries.tsv: " + c[0] + " filters on unknown " + key));
                        filters.computeIfAbsent(facet, k -> new ArrayList<>()).add(f.substring(f.indexOf('=') + 1));
                    }
                }
                Map<String, Integer> grades = new LinkedHashMap<>();
                if (!c[5].equals("-")) {
                    for (String j : c[5].trim().split("\\s+")) {
                        int eq = j.lastIndexOf('=');
                        if (grades.put(j.substring(0, eq), Integer.parseInt(j.substring(eq + 1))) != null) {
                            throw new IllegalStateException("queries.tsv: " + c[0] + " judges " + j + " twice");
                        }
                    }
                }
                out.add(new JudgedQuery(c[0], c[1].equals("heldout"), c[2], c[3], filters, grades));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
