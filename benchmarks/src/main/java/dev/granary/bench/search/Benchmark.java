package dev.granary.bench.search;

import dev.granary.search.Facet;
import dev.granary.search.LuceneCatalog;
import dev.granary.search.SearchQuery;
import dev.granary.search.SearchResult;
import dev.granary.spec.RepoSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * {@code ./bench search [--quick]}: indexes generated projects (100k features; 20k with {@code --quick}) into a
 * {@link LuceneCatalog} on disk, then runs a mixed query set (exact names, as-you-type prefixes, one-letter
 * typos, description words, faceted queries) one at a time after a warm-up, and reports latency percentiles.
 * Every query asks for the first page of 20 hits with highlights and all facet counts, as the search page does.
 */
public final class Benchmark {
    enum Kind { EXACT, PREFIX, TYPO, DESCRIPTION, FACETED }

    record Probe(Kind kind, SearchQuery query, String expectedFirst) {
    }

    private Benchmark() {
    }

    public static void main(String[] args) throws IOException {
        boolean quick = List.of(args).contains("--quick");
        int projects = 4;
        int viewsPerProject = quick ? 100 : 500;
        int featuresPerView = 50;
        int warmup = quick ? 2_000 : 5_000;
        int measured = quick ? 5_000 : 20_000;

        CatalogGenerator generator = new CatalogGenerator();
        List<RepoSpec> specs = new ArrayList<>();
        for (int p = 0; p < projects; p++) {
            specs.add(generator.project("project_" + p, viewsPerProject, featuresPerView));
        }
        var extras = specs.stream().map(generator::extras).toList();
        long docs = specs.stream().mapToLong(s -> s.entities().size() + s.sources().size() + s.featureViews().size()
                + s.featureServices().size() + s.featureViews().stream().mapToLong(v -> v.featureNames().size()).sum())
                .sum();
        System.out.printf(Locale.ROOT, "catalog: %d projects, %d features, %d documents%n", projects,
                generator.features.size(), docs);

        Path folder = Files.createTempDirectory("granary-bench-search");
        try (LuceneCatalog catalog = LuceneCatalog.open(folder)) {
            long start = System.nanoTime();
            for (int p = 0; p < projects; p++) {
                catalog.replaceProject(specs.get(p).project(), specs.get(p), 1, extras.get(p));
            }
            double indexSeconds = (System.nanoTime() - start) / 1e9;
            double docsPerSecond = docs / indexSeconds;
            System.out.printf(Locale.ROOT, "indexing: %.2f s, %.0f docs/s (replaceProject x%d, committed, NRT)%n",
                    indexSeconds, docsPerSecond, projects);

            List<Probe> probes = probes(generator, new Random(7), 2_000);
            for (int i = 0; i < warmup; i++) {
                catalog.search(probes.get(i % probes.size()).query());
            }
            Histogram all = new Histogram(3_600_000_000L, 3);
            Histogram cpu = new Histogram(3_600_000_000L, 3);
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            Map<Kind, Histogram> byKind = new EnumMap<>(Kind.class);
            Map<Kind, long[]> found = new EnumMap<>(Kind.class); // {queries, expected first hit, any hit}
            for (Kind k : Kind.values()) {
                byKind.put(k, new Histogram(3_600_000_000L, 3));
                found.put(k, new long[4]);
            }
            for (int i = 0; i < measured; i++) {
                Probe probe = probes.get(i % probes.size());
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                SearchResult result = catalog.search(probe.query());
                long micros = (System.nanoTime() - t0) / 1_000;
                cpu.recordValue(Math.max(0, (threads.getCurrentThreadCpuTime() - c0) / 1_000));
                all.recordValue(micros);
                byKind.get(probe.kind()).recordValue(micros);
                long[] f = found.get(probe.kind());
                f[0]++;
                f[3] += result.totalHits();
                if (!result.hits().isEmpty()) {
                    f[2]++;
                    if (probe.expectedFirst() != null
                            && result.hits().getFirst().name().equals(probe.expectedFirst())) {
                        f[1]++;
                    }
                }
            }
            for (Kind k : Kind.values()) {
                Histogram h = byKind.get(k);
                long[] f = found.get(k);
                System.out.printf(Locale.ROOT,
                        "%-11s n=%5d p50=%6.3f ms p99=%6.3f ms  mean total hits %6d, with hits %5.1f%%%s%n",
                        k.name().toLowerCase(Locale.ROOT), f[0], h.getValueAtPercentile(50) / 1000.0,
                        h.getValueAtPercentile(99) / 1000.0, f[3] / f[0], 100.0 * f[2] / f[0],
                        k == Kind.EXACT || k == Kind.TYPO
                                ? String.format(Locale.ROOT, "  intended name first %5.1f%%", 100.0 * f[1] / f[0])
                                : "");
            }
            double p50 = all.getValueAtPercentile(50) / 1000.0;
            double p99 = all.getValueAtPercentile(99) / 1000.0;
            System.out.printf(Locale.ROOT, "all         n=%5d p50=%6.3f ms p99=%6.3f ms max=%.3f ms%n",
                    all.getTotalCount(), p50, p99, all.getMaxValue() / 1000.0);
            System.out.printf(Locale.ROOT, "cpu time    n=%5d p50=%6.3f ms p99=%6.3f ms (the thread's CPU time: "
                    + "wall minus waiting for a core)%n", cpu.getTotalCount(), cpu.getValueAtPercentile(50) / 1000.0,
                    cpu.getValueAtPercentile(99) / 1000.0);
            System.out.printf(Locale.ROOT, "load average at the end: %.2f on %d cores%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "RESULT search p50_ms=%.3f p99_ms=%.3f index_docs_per_s=%.0f%n",
                    p50, p99, docsPerSecond);
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A fixed mix of queries drawn from the generated features. */
    static List<Probe> probes(CatalogGenerator generator, Random random, int n) {
        List<Probe> probes = new ArrayList<>();
        List<String[]> features = generator.features;
        for (int i = 0; i < n; i++) {
            String[] f = features.get(random.nextInt(features.size()));
            String name = f[1];
            Kind kind = Kind.values()[i % Kind.values().length];
            probes.add(switch (kind) {
                case EXACT -> new Probe(kind, SearchQuery.of(name), name);
                case PREFIX -> new Probe(kind, SearchQuery.of(name.substring(0, Math.min(name.length(),
                        3 + random.nextInt(Math.max(1, name.length() - 2))))), null);
                case TYPO -> new Probe(kind, SearchQuery.of(typo(name, random)), name);
                case DESCRIPTION -> {
                    String[] words = f[2].toLowerCase(Locale.ROOT).split(" ");
                    int from = random.nextInt(Math.max(1, words.length - 1));
                    yield new Probe(kind, SearchQuery.of(String.join(" ",
                            List.of(words).subList(from, Math.min(words.length, from + 2)))), null);
                }
                case FACETED -> {
                    String word = name.split("_")[random.nextInt(name.split("_").length)];
                    SearchQuery q = SearchQuery.of(word).filter(Facet.TYPE, "feature");
                    q = switch (random.nextInt(4)) {
                        case 0 -> q.filter(Facet.OWNER, f[3]);
                        case 1 -> q.filter(Facet.ENTITY, f[4]);
                        case 2 -> q.filter(Facet.KIND, "numeric").filter(Facet.PROJECT, f[5]);
                        default -> q.filter(Facet.TAG, "pii=true");
                    };
                    yield new Probe(kind, q, null);
                }
            });
        }
        return probes;
    }

    /** Swaps two adjacent letters of the longest word (4+ letters), as a fast typist does. */
    static String typo(String name, Random random) {
        String[] parts = name.split("_");
        int longest = 0;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].length() > parts[longest].length()) {
                longest = i;
            }
        }
        String w = parts[longest];
        if (w.length() >= 4) {
            int at = 1 + random.nextInt(w.length() - 2);
            char[] c = w.toCharArray();
            char t = c[at];
            c[at] = c[at + 1];
            c[at + 1] = t;
            parts[longest] = new String(c);
        }
        return String.join("_", parts);
    }
}
