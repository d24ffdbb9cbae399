package dev.granary.spec.validation;

import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rules for feature views, their features and their aggregations. */
final class ViewRules {
    private ViewRules() {
    }

    static void check(RepoSpec spec, Problems problems) {
        Duplicates names = new Duplicates();
        List<FeatureViewSpec> views = spec.featureViews();
        for (int i = 0; i < views.size(); i++) {
            FeatureViewSpec view = views.get(i);
            String path = problems.checkDeclared("featureViews", "feature view", view.name(), i, names);
            Map<String, String> keyOwners = entities(spec, view, path, problems);
            source(spec, view, path, problems);
            if (view.ttlSeconds() < 0) {
                problems.add(path + ".ttlSeconds", "TTL of feature view '" + view.name() + "' is negative ("
                        + view.ttlSeconds() + " s)", "use a positive number of seconds, or 0 for unlimited");
            }
            if (view.features().isEmpty() && view.aggregations().isEmpty()) {
                problems.add(path + ".features", "feature view '" + view.name() + "' has no features",
                        "add at least one feature or aggregation");
            }
            features(view, path, keyOwners, problems);
            aggregations(spec, view, path, problems);
        }
    }

    /** Checks the entity references; returns the join keys of the known entities with the entity owning each. */
    private static Map<String, String> entities(RepoSpec spec, FeatureViewSpec view, String path, Problems problems) {
        Map<String, String> keyOwners = new HashMap<>();
        if (view.entities().isEmpty()) {
            problems.add(path + ".entities", "feature view '" + view.name() + "' has no entities",
                    "name the entities its rows describe, such as [\"driver\"]");
        }
        Duplicates seen = new Duplicates();
        for (int e = 0; e < view.entities().size(); e++) {
            String name = view.entities().get(e);
            String entityPath = Problems.element(path + ".entities", name, e);
            if (seen.seen(name, entityPath) != null) {
                problems.add(entityPath, "entity '" + name + "' is listed twice", "list each entity once");
                continue;
            }
            Optional<EntitySpec> entity = spec.entity(name);
            if (entity.isEmpty()) {
                problems.add(entityPath, "unknown entity '" + name + "'", known("entities",
                        spec.entities().stream().map(EntitySpec::name).toList()));
                continue;
            }
            for (JoinKey key : entity.get().joinKeys()) {
                String owner = keyOwners.putIfAbsent(key.name(), name);
                if (owner != null && !owner.equals(name)) {
                    problems.add(entityPath, "entities '" + owner + "' and '" + name + "' of feature view '"
                            + view.name() + "' share the join key '" + key.name() + "'",
                            "rename the join key of one entity so the view's keys are distinct");
                }
            }
        }
        return keyOwners;
    }

    private static void source(RepoSpec spec, FeatureViewSpec view, String path, Problems problems) {
        Optional<SourceSpec> source = spec.source(view.source());
        if (source.isEmpty()) {
            problems.add(path + ".source", view.source().isBlank() ? "feature view '" + view.name()
                            + "' has no source" : "unknown source '" + view.source() + "'",
                    known("sources", spec.sources().stream().map(SourceSpec::name).toList()));
        }
    }

    private static void features(FeatureViewSpec view, String path, Map<String, String> keyOwners,
                                 Problems problems) {
        Duplicates names = new Duplicates();
        for (int f = 0; f < view.features().size(); f++) {
            FeatureSpec feature = view.features().get(f);
            String featurePath = Problems.element(path + ".features", feature.name(), f);
            featureName(view, feature.name(), featurePath, names, keyOwners, problems);
        }
        for (int a = 0; a < view.aggregations().size(); a++) {
            AggregationSpec aggregation = view.aggregations().get(a);
            String aggregationPath = Problems.element(path + ".aggregations", aggregation.name(), a);
            featureName(view, aggregation.name(), aggregationPath, names, keyOwners, problems);
        }
    }

    private static void featureName(FeatureViewSpec view, String name, String path, Duplicates names,
                                    Map<String, String> keyOwners, Problems problems) {
        problems.checkName(path + ".name", "feature", name);
        String first = names.seen(name, path);
        if (first != null) {
            problems.add(path + ".name", "feature '" + name + "' appears twice in feature view '" + view.name()
                    + "' (first at " + first + ")", "rename one of them; features and aggregations share names");
        } else if (keyOwners.containsKey(name)) {
            problems.add(path + ".name", "feature '" + name + "' of feature view '" + view.name()
                    + "' has the name of a join key of entity '" + keyOwners.get(name) + "'",
                    "rename the feature; join keys are output columns already");
        }
    }

    /** Function-to-type fit is checked when the spec states the column type; otherwise at plan time. */
    private static void aggregations(RepoSpec spec, FeatureViewSpec view, String path, Problems problems) {
        for (int a = 0; a < view.aggregations().size(); a++) {
            AggregationSpec aggregation = view.aggregations().get(a);
            String aggregationPath = Problems.element(path + ".aggregations", aggregation.name(), a);
            if (aggregation.windowSeconds() <= 0) {
                problems.add(aggregationPath + ".windowSeconds", "window of aggregation '" + aggregation.name()
                        + "' is " + aggregation.windowSeconds() + " s", "use a positive number of seconds");
            }
            if (aggregation.column().isBlank()) {
                problems.add(aggregationPath + ".column", "aggregation '" + aggregation.name()
                        + "' names no column", "name the source column to aggregate");
                continue;
            }
            if (typeUnread(spec, view, path, aggregation.column(), problems)) {
                continue;
            }
            spec.statedColumnType(view, aggregation.column()).ifPresent(type -> {
                if (aggregation.function().resultType(type).isEmpty()) {
                    problems.add(aggregationPath + ".function", aggregation.function() + " cannot aggregate column '"
                            + aggregation.column() + "' of type " + type, fitting(type));
                }
            });
        }
    }

    /** Whether the type the spec states for {@code column} is a placeholder for one that could not be read. */
    private static boolean typeUnread(RepoSpec spec, FeatureViewSpec view, String path, String column,
                                      Problems problems) {
        for (int f = 0; f < view.features().size(); f++) {
            FeatureSpec feature = view.features().get(f);
            if (feature.sourceColumn().equals(column)) {
                return problems.isUnread(Problems.element(path + ".features", feature.name(), f) + ".type");
            }
        }
        for (int e = 0; e < spec.entities().size(); e++) {
            EntitySpec entity = spec.entities().get(e);
            if (!view.entities().contains(entity.name())) {
                continue;
            }
            String entityPath = Problems.element("entities", entity.name(), e);
            for (int k = 0; k < entity.joinKeys().size(); k++) {
                JoinKey key = entity.joinKeys().get(k);
                if (key.name().equals(column)) {
                    return problems.isUnread(Problems.element(entityPath + ".joinKeys", key.name(), k) + ".type");
                }
            }
        }
        return false;
    }

    private static String fitting(ValueType type) {
        List<String> fits = java.util.Arrays.stream(dev.granary.spec.AggregationFunction.values())
                .filter(f -> f.resultType(type).isPresent()).map(Enum::name).toList();
        return "use one of " + String.join(", ", fits) + " for a " + type + " column, or aggregate another column";
    }

    static String known(String what, List<String> names) {
        return names.isEmpty() ? "declare it first; there are no " + what + " yet"
                : "use one of the declared " + what + ": " + String.join(", ", names);
    }
}
