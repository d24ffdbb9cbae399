package dev.granary.bench.relevance;

import dev.granary.search.CatalogExtras;
import dev.granary.search.FeatureUsage;
import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The catalog the relevance judgments are about: six projects (rides, payments, ads, fraud, logistics, eats) expanded
 * from the hand-written vocabulary of {@code catalog.txt}: each view takes its theme's metrics over five or six
 * windows, as counts ({@code cancelled_trips_7d}), sums, means and maxima ({@code spend_30d}, {@code avg_spend_30d}),
 * windowed plain features ({@code decline_rate_7d}) or one plain feature ({@code home_city}). Services list the
 * plain, 7-day and 30-day features of their views. Usage is skewed (a few features used a lot, most never) from a
 * fixed seed, so every run indexes the same catalog.
 */
final class JudgedCatalog {
    /** A window: its suffix, how a description says it, its length. */
    record Window(String suffix, String words, long seconds) {
    }

    static final List<Window> WINDOWS = List.of(new Window("1h", "hour", 3_600), new Window("1d", "day", 86_400),
            new Window("7d", "7 days", 604_800), new Window("14d", "14 days", 1_209_600),
            new Window("30d", "30 days", 2_592_000),
            new Window("90d", "90 days", 7_776_000));

    private record Metric(char shape, String name, ValueType type, String phrase) {
    }

    private record Entity(String name, String joinKey, String description) {
    }

    private final List<RepoSpec> specs = new ArrayList<>();
    private final Map<String, CatalogExtras> extras = new LinkedHashMap<>();

    private JudgedCatalog() {
    }

    static JudgedCatalog load() {
        JudgedCatalog catalog = new JudgedCatalog();
        try (InputStream in = JudgedCatalog.class.getResourceAsStream("catalog.txt")) {
            if (in == null) {
                throw new IllegalStateException("catalog.txt is missing from the bench jar; rebuild benchmarks");
            }
            catalog.parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return catalog;
    }

    List<RepoSpec> specs() {
        return specs;
    }

    CatalogExtras extras(String project) {
        return extras.get(project);
    }

    int featureCount() {
        return specs.stream().mapToInt(s -> s.featureViews().stream().mapToInt(v -> v.featureNames().size()).sum())
                .sum();
    }

    // --- parsing: one project at a time ---------------------------------------------------------------------

    private String project;
    private final Map<String, Entity> entities = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, List<Metric>> themes = new HashMap<>();
    private final List<FeatureViewSpec> views = new ArrayList<>();
    private final List<FeatureServiceSpec> services = new ArrayList<>();
    private List<Metric> theme;

    private void parse(List<String> lines) {
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int bar = line.indexOf(" | ");
            String text = bar < 0 ? "" : line.substring(bar + 3).strip();
            String[] w = (bar < 0 ? line : line.substring(0, bar)).split("\\s+");
            switch (w[0]) {
                case "project" -> {
                    finishProject();
                    project = w[1];
                }
                case "entity" -> entities.put(w[1], new Entity(w[1], w[2], text));
                case "source" -> sources.put(w[1], text);
                case "theme" -> {
                    theme = new ArrayList<>();
                    themes.put(w[1], theme);
                }
                case "C", "S", "R", "P" -> theme.add(new Metric(w[0].charAt(0), w[1],
                        w.length > 2 ? ValueType.valueOf(w[2]) : w[0].equals("C") ? ValueType.INT64 : ValueType.FLOAT64,
                        text));
                case "view" -> views.add(view(w, text));
                case "service" -> services.add(service(w, text));
                default -> throw new IllegalStateException("catalog.txt: unknown line '" + line + "'");
            }
        }
        finishProject();
    }

    private FeatureViewSpec view(String[] w, String description) {
        String name = w[1];
        String entity = w[2];
        List<Metric> metrics = themes.get(w[3]);
        if (metrics == null || !entities.containsKey(entity) || !sources.containsKey(w[4])) {
            throw new IllegalStateException("catalog.txt: view " + name + " names an unknown theme, entity or source");
        }
        Map<String, String> tags = new TreeMap<>();
        for (String kv : w[6].split(",")) {
            tags.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        List<FeatureSpec> plain = new ArrayList<>();
        List<AggregationSpec> aggregations = new ArrayList<>();
        List<Window> windows = windows(name);
        String e = entity.replace('_', ' ');
        for (Metric m : metrics) {
            String phrase = m.phrase().replace("{e}", e);
            if (m.shape() == 'P') {
                plain.add(new FeatureSpec(m.name(), m.type(), null, capitalise(phrase)));
                continue;
            }
            for (Window win : windows) {
                String suffix = "_" + win.suffix();
                switch (m.shape()) {
                    case 'C' -> aggregations.add(new AggregationSpec(m.name() + suffix, AggregationFunction.COUNT,
                            m.name(), win.seconds(), capitalise(phrase) + " in the last " + win.words()));
                    case 'S' -> {
                        aggregations.add(new AggregationSpec(m.name() + suffix, AggregationFunction.SUM, m.name(),
                                win.seconds(), "Total " + phrase + " over the last " + win.words()));
                        aggregations.add(new AggregationSpec("avg_" + m.name() + suffix, AggregationFunction.MEAN,
                                m.name(), win.seconds(), "Average " + phrase + " over the last " + win.words()));
                        aggregations.add(new AggregationSpec("max_" + m.name() + suffix, AggregationFunction.MAX,
                                m.name(), win.seconds(), "Largest " + phrase + " over the last " + win.words()));
                    }
                    default -> plain.add(new FeatureSpec(m.name() + suffix, m.type(), null,
                            capitalise(phrase) + " over the last " + win.words()));
                }
            }
        }
        return new FeatureViewSpec(name, List.of(entity), w[4], 86_400, true, plain, aggregations, w[5], tags,
                description);
    }

    /** A view's windows: 1d, 7d, 14d, 30d and 90d; the hour for two views in three (fixed per view name). */
    private static List<Window> windows(String view) {
        boolean hour = new Random(view.hashCode()).nextInt(3) > 0;
        return WINDOWS.stream().filter(w -> hour || !w.suffix().equals("1h")).toList();
    }

    private FeatureServiceSpec service(String[] w, String description) {
        List<String> refs = new ArrayList<>();
        for (String viewName : w[3].split(",")) {
            FeatureViewSpec v = views.stream().filter(x -> x.name().equals(viewName)).findFirst().orElseThrow(
                    () -> new IllegalStateException("catalog.txt: service " + w[1] + " names unknown view " + viewName));
            for (String f : v.featureNames()) {
                if (!f.matches(".*_(1h|1d|14d|90d)")) {
                    refs.add(viewName + ":" + f);
                }
            }
        }
        return new FeatureServiceSpec(w[1], refs, w[2], Map.of("model", w[1]), description);
    }

    private void finishProject() {
        if (project == null) {
            return;
        }
        List<EntitySpec> entitySpecs = entities.values().stream()
                .map(e -> new EntitySpec(e.name(), List.of(new JoinKey(e.joinKey(),
                        e.joinKey().equals("ip") || e.joinKey().equals("sku") ? ValueType.STRING : ValueType.INT64)),
                        e.description()))
                .toList();
        List<SourceSpec> sourceSpecs = sources.entrySet().stream()
                .map(s -> new SourceSpec(s.getKey(), SourceSpec.PARQUET, "s3://" + project + "-lake/" + s.getKey(),
                        "event_timestamp", null, s.getValue()))
                .toList();
        RepoSpec spec = new RepoSpec(project, entitySpecs, sourceSpecs, List.copyOf(views), List.copyOf(services));
        specs.add(spec);
        extras.put(project, usage(spec));
        entities.clear();
        sources.clear();
        themes.clear();
        views.clear();
        services.clear();
        project = null;
    }

    /** Services from the spec; exports and lookups skewed: a quarter of the features used, a few heavily. */
    private static CatalogExtras usage(RepoSpec spec) {
        Map<FeatureRef, Integer> services = new HashMap<>();
        spec.featureServices().forEach(s -> s.refs().forEach(ref -> services.merge(ref, 1, Integer::sum)));
        Random random = new Random(spec.project().hashCode());
        Map<FeatureRef, FeatureUsage> usage = new HashMap<>();
        for (FeatureViewSpec v : spec.featureViews()) {
            for (String name : v.featureNames()) {
                FeatureRef ref = new FeatureRef(v.name(), name);
                int inServices = services.getOrDefault(ref, 0);
                if (inServices > 0 || random.nextInt(4) == 0) {
                    long scale = (long) Math.pow(10, random.nextInt(7));
                    usage.put(ref, new FeatureUsage(inServices, random.nextInt(20), scale));
                }
            }
        }
        return new CatalogExtras(Map.of(), usage);
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
