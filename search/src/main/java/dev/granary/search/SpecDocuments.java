package dev.granary.search;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns one project's spec and extras into catalog objects: what each kind of object is found by. */
final class SpecDocuments {
    private SpecDocuments() {
    }

    static List<CatalogObject> objects(RepoSpec spec, CatalogExtras extras) {
        String project = spec.project();
        List<CatalogObject> out = new ArrayList<>();
        Map<String, Set<String>> sourceEntities = sourceEntities(spec);
        Map<String, Map<String, ValueType>> columnTypes = columnTypes(spec);
        Map<String, FeatureViewSpec> viewsByName = new HashMap<>();
        spec.featureViews().forEach(v -> viewsByName.putIfAbsent(v.name(), v));
        Map<String, String> entityWords = new HashMap<>();
        spec.entities().forEach(e -> entityWords.put(e.name(), e.name() + " " + e.description()));
        Map<String, String> sourceWords = new HashMap<>();
        spec.sources().forEach(s -> sourceWords.put(s.name(), s.name() + " " + s.description()));
        Map<FeatureRef, Set<String>> servicesOf = new HashMap<>();
        spec.featureServices().forEach(s -> s.refs().forEach(ref ->
                servicesOf.computeIfAbsent(ref, k -> new TreeSet<>()).add(s.name())));
        spec.entities().forEach(e -> out.add(new CatalogObject(ObjectKind.ENTITY, project, e.name(), "",
                e.description(), String.join(" ", e.joinKeyNames()), "", null, "", List.of(), Set.of(e.name()),
                null, null, null)));
        for (SourceSpec s : spec.sources()) {
            Set<String> entities = sourceEntities.getOrDefault(s.name(), Set.of());
            out.add(new CatalogObject(ObjectKind.SOURCE, project, s.name(), "", s.description(),
                    s.type() + " " + s.path() + " " + String.join(" ", entities), "", null, "", List.of(), entities,
                    null, null, null));
        }
        for (FeatureViewSpec v : spec.featureViews()) {
            List<String> tags = tags(v.tags());
            String context = String.join(" ", v.entities()) + " " + v.owner() + " " + words(v.tags());
            out.add(new CatalogObject(ObjectKind.FEATURE_VIEW, project, v.name(), "", v.description(),
                    v.source() + " " + context, "", null, v.owner(), tags, Set.copyOf(v.entities()), null, null,
                    null));
            String viewWords = v.name() + " " + v.description();
            String entities = v.entities().stream().map(e -> entityWords.getOrDefault(e, e))
                    .collect(Collectors.joining(" "));
            String source = sourceWords.getOrDefault(v.source(), v.source());
            Function<String, CatalogObject.Context> contextOf = name ->
                    new CatalogObject.Context(viewWords, entities, source,
                            String.join(" ", servicesOf.getOrDefault(new FeatureRef(v.name(), name), Set.of())));
            for (FeatureSpec f : v.features()) {
                out.add(feature(project, v, f.name(), f.description(), f.type(), FeatureKind.ofType(f.type()),
                        v.name() + " " + context,
                        tags, extras, contextOf.apply(f.name())));
            }
            for (AggregationSpec a : v.aggregations()) {
                String meta = v.name() + " " + context + " " + a.function().name().toLowerCase(Locale.ROOT) + " "
                        + a.column() + " " + window(a.windowSeconds());
                ValueType type = aggregationType(columnTypes, v, a);
                FeatureKind kind = type != null ? FeatureKind.ofType(type)
                        : a.function() == AggregationFunction.MIN || a.function() == AggregationFunction.MAX ? null
                        : FeatureKind.NUMERIC; // count, sum and mean are numbers whatever the column
                out.add(feature(project, v, a.name(), a.description(), type, kind, meta, tags, extras,
                        contextOf.apply(a.name())));
            }
        }
        for (FeatureServiceSpec s : spec.featureServices()) {
            Set<String> views = new TreeSet<>();
            Set<String> entities = new TreeSet<>();
            for (FeatureRef ref : s.refs()) {
                views.add(ref.view());
                FeatureViewSpec v = viewsByName.get(ref.view());
                if (v != null) {
                    entities.addAll(v.entities());
                }
            }
            out.add(new CatalogObject(ObjectKind.FEATURE_SERVICE, project, s.name(), "", s.description(),
                    String.join(" ", views) + " " + String.join(" ", entities) + " " + s.owner() + " "
                            + words(s.tags()),
                    "", null, s.owner(), tags(s.tags()), entities, null, null, null));
        }
        return out;
    }

    /** The unique key of an object's document. */
    static String id(ObjectKind type, String project, String view, String name) {
        return type.key() + '\u001f' + project + '\u001f' + view + '\u001f' + name;
    }

    private static CatalogObject feature(String project, FeatureViewSpec v, String name, String description,
                                         ValueType type, FeatureKind typeKind, String meta, List<String> tags,
                                         CatalogExtras extras, CatalogObject.Context context) {
        FeatureRef ref = new FeatureRef(v.name(), name);
        FeatureStatsSummary stats = extras.stats().get(ref);
        FeatureKind kind = stats != null ? stats.kind() : typeKind;
        return new CatalogObject(ObjectKind.FEATURE, project, name, v.name(), description, meta,
                type == null ? "" : type.name(), kind, v.owner(), tags, Set.copyOf(v.entities()), stats,
                extras.usage().get(ref), context);
    }

    /**
     * The aggregation's result type, from the type of a plain feature reading the same column of the same source
     * (this view first); the spec does not type source columns otherwise.
     */
    private static ValueType aggregationType(Map<String, Map<String, ValueType>> columnTypes, FeatureViewSpec v,
                                             AggregationSpec a) {
        ValueType column = v.features().stream().filter(f -> f.sourceColumn().equals(a.column()))
                .map(FeatureSpec::type).findFirst()
                .orElse(columnTypes.getOrDefault(v.source(), Map.of()).get(a.column()));
        return Optional.ofNullable(column).flatMap(a.function()::resultType)
                .orElse(switch (a.function()) {
                    case COUNT -> ValueType.INT64;
                    case MEAN -> ValueType.FLOAT64;
                    default -> null;
                });
    }

    /** Per source, the type of each column some plain feature reads (the first one wins). */
    private static Map<String, Map<String, ValueType>> columnTypes(RepoSpec spec) {
        Map<String, Map<String, ValueType>> types = new HashMap<>();
        for (FeatureViewSpec v : spec.featureViews()) {
            Map<String, ValueType> columns = types.computeIfAbsent(v.source(), k -> new HashMap<>());
            v.features().forEach(f -> columns.putIfAbsent(f.sourceColumn(), f.type()));
        }
        return types;
    }

    /** Per source, the entities of the views reading it. */
    private static Map<String, Set<String>> sourceEntities(RepoSpec spec) {
        Map<String, Set<String>> entities = new HashMap<>();
        spec.featureViews().forEach(v -> entities.computeIfAbsent(v.source(), k -> new TreeSet<>())
                .addAll(v.entities()));
        return entities;
    }

    /** A window as people write it ({@code 7d}, {@code 1h}, {@code 90s}), so it matches the synonym list. */
    static String window(long seconds) {
        if (seconds > 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds > 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static List<String> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static String words(Map<String, String> tags) {
        StringBuilder sb = new StringBuilder();
        tags.forEach((k, val) -> sb.append(k).append(' ').append(val).append(' '));
        return sb.toString();
    }
}
