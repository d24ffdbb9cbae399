package dev.granary.bench.relevance;

import dev.granary.search.Facet;
import dev.granary.search.Hit;
import dev.granary.search.LuceneCatalog;
import dev.granary.search.SearchQuery;
import dev.granary.search.SearchResult;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./bench relevance [--list] [--verbose]}: indexes the judged catalog ({@link JudgedCatalog}) into an
 * in-memory {@link LuceneCatalog}, runs every judged query of {@code queries.tsv} as the search page does (the
 * text as typed, the query's filters, features only, first page of ten) and reports nDCG@10, MRR and recall@10
 * ({@link Scores}) over all queries, per category, and nDCG@10 over the held-out third alone. {@code --list}
 * prints the catalog's features instead (for writing judgments); {@code --verbose} prints the first results of
 * every tuning query that is not perfect (never of a held-out one).
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        JudgedCatalog generated = JudgedCatalog.load();
        if (List.of(args).contains("--list")) {
            list(generated);
            return;
        }
        boolean verbose = List.of(args).contains("--verbose");
        List<JudgedQuery> queries = JudgedQuery.load();
        check(generated, queries);
        System.out.printf(Locale.ROOT, "catalog: %d projects, %d features; %d judged queries (%d held out)%n",
                generated.specs().size(), generated.featureCount(), queries.size(),
                queries.stream().filter(JudgedQuery::heldOut).count());
        try (LuceneCatalog catalog = LuceneCatalog.inMemory()) {
            for (RepoSpec spec : generated.specs()) {
                catalog.replaceProject(spec.project(), spec, 1, generated.extras(spec.project()));
            }
            Map<String, double[]> byCategory = new LinkedHashMap<>(); // sums of ndcg, rr, recall; count
            double[] all = new double[4];
            double[] heldOut = new double[4];
            for (JudgedQuery q : queries) {
                SearchQuery query = SearchQuery.of(q.text()).filter(Facet.TYPE, "feature").page(Scores.DEPTH, 0);
                for (Map.Entry<Facet, List<String>> f : q.filters().entrySet()) {
                    for (String value : f.getValue()) {
                        query = query.filter(f.getKey(), value);
                    }
                }
                SearchResult result = catalog.search(query);
                List<String> ids = result.hits().stream().map(Benchmark::id).toList();
                Scores s = Scores.of(q, ids);
                add(all, s);
                add(byCategory.computeIfAbsent(q.category(), k -> new double[4]), s);
                if (q.heldOut()) {
                    add(heldOut, s);
                } else if (verbose && s.ndcg10() < 0.999) {
                    System.out.printf(Locale.ROOT, "%s %-14s ndcg=%.2f '%s' %s%n", q.id(), q.category(), s.ndcg10(),
                            q.text(), q.filters().isEmpty() ? "" : q.filters());
                    for (int i = 0; i < Math.min(5, result.hits().size()); i++) {
                        Hit h = result.hits().get(i);
                        System.out.printf(Locale.ROOT, "    %d %-55s %.3f %s%n", i + 1, id(h), h.score(),
                                q.grades().containsKey(id(h)) ? "[" + q.grades().get(id(h)) + "]" : "");
                    }
                }
            }
            byCategory.forEach((category, c) -> System.out.printf(Locale.ROOT,
                    "%-16s n=%3d ndcg10=%.3f mrr=%.3f recall10=%.3f%n", category, (int) c[3], c[0] / c[3],
                    c[1] / c[3], c[2] / c[3]));
            System.out.printf(Locale.ROOT, "held out         n=%3d ndcg10=%.3f mrr=%.3f recall10=%.3f%n",
                    (int) heldOut[3], heldOut[0] / heldOut[3], heldOut[1] / heldOut[3], heldOut[2] / heldOut[3]);
            System.out.printf(Locale.ROOT,
                    "RESULT relevance ndcg10=%.3f mrr=%.3f recall10=%.3f heldout_ndcg10=%.3f queries=%d%n",
                    all[0] / all[3], all[1] / all[3], all[2] / all[3], heldOut[0] / heldOut[3], queries.size());
        }
    }

    private static String id(Hit h) {
        return h.project() + "/" + h.qualifiedName();
    }

    private static void add(double[] sums, Scores s) {
        sums[0] += s.ndcg10();
        sums[1] += s.reciprocalRank();
        sums[2] += s.recall10();
        sums[3]++;
    }

    /** Every judged result must be a feature of the catalog, and ids unique: a typo in a judgment is loud. */
    private static void check(JudgedCatalog catalog, List<JudgedQuery> queries) {
        Set<String> features = new HashSet<>();
        for (RepoSpec spec : catalog.specs()) {
            for (FeatureViewSpec v : spec.featureViews()) {
                v.featureNames().forEach(f -> features.add(spec.project() + "/" + v.name() + ":" + f));
            }
        }
        Set<String> ids = new HashSet<>();
        for (JudgedQuery q : queries) {
            if (!ids.add(q.id())) {
                throw new IllegalStateException("queries.tsv: id " + q.id() + " is used twice");
            }
            for (String ref : q.grades().keySet()) {
                if (!features.contains(ref)) {
                    throw new IllegalStateException("queries.tsv: " + q.id() + " judges " + ref
                            + ", which is not a feature of the judged catalog");
                }
            }
        }
    }

    /** Every feature: id, value type, description; then views, services and owners (for writing judgments). */
    private static void list(JudgedCatalog catalog) {
        for (RepoSpec spec : catalog.specs()) {
            for (FeatureViewSpec v : spec.featureViews()) {
                System.out.printf(Locale.ROOT, "# view %s/%s entity=%s source=%s owner=%s tags=%s | %s%n",
                        spec.project(), v.name(), v.entities(), v.source(), v.owner(), v.tags(), v.description());
                v.features().forEach(f -> System.out.printf(Locale.ROOT, "%s/%s:%s %s | %s%n", spec.project(),
                        v.name(), f.name(), f.type(), f.description()));
                v.aggregations().forEach(a -> System.out.printf(Locale.ROOT, "%s/%s:%s %s | %s%n", spec.project(),
                        v.name(), a.name(), a.function(), a.description()));
            }
            spec.featureServices().forEach(s -> System.out.printf(Locale.ROOT, "# service %s/%s owner=%s views=%s%n",
                    spec.project(), s.name(), s.owner(),
                    s.refs().stream().map(r -> r.view()).distinct().toList()));
        }
        System.out.printf(Locale.ROOT, "# %d features%n", catalog.featureCount());
    }
}
