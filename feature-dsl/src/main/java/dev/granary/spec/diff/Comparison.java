package dev.granary.spec.diff;

import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.PushSourceSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Computes the changes between two specs, object by object (matched by name), in a stable order: entities,
 * sources, then each view followed by its features and aggregations, then services; names sorted within each.
 */
final class Comparison {
    private final RepoSpec before;
    private final RepoSpec after;
    /** Feature references ({@code view:feature}) used by services of either spec, with the services using them. */
    private final Map<String, TreeSet<String>> usage = new TreeMap<>();
    private final List<SpecChange> changes = new ArrayList<>();

    Comparison(RepoSpec before, RepoSpec after) {
        this.before = before;
        this.after = after;
        for (RepoSpec spec : List.of(before, after)) {
            for (FeatureServiceSpec service : spec.featureServices()) {
                for (FeatureRef ref : service.refs()) {
                    usage.computeIfAbsent(ref.toString(), k -> new TreeSet<>()).add(service.name());
                }
            }
        }
    }

    List<SpecChange> changes() {
        objects(ObjectKind.ENTITY, before.entities(), after.entities(), EntitySpec::name, this::entity);
        objects(ObjectKind.SOURCE, before.sources(), after.sources(), SourceSpec::name, this::source);
        Map<String, FeatureViewSpec> old = byName(before.featureViews(), FeatureViewSpec::name);
        Map<String, FeatureViewSpec> now = byName(after.featureViews(), FeatureViewSpec::name);
        for (String name : union(old, now)) {
            FeatureViewSpec was = old.get(name);
            FeatureViewSpec is = now.get(name);
            if (was == null) {
                changes.add(new SpecChange(ObjectKind.FEATURE_VIEW, name, ChangeType.ADDED, List.of(), false, ""));
            } else if (is == null) {
                String users = users(name + ":", true);
                changes.add(new SpecChange(ObjectKind.FEATURE_VIEW, name, ChangeType.REMOVED, List.of(),
                        !users.isEmpty(), users.isEmpty() ? "" : "its features are used by feature service " + users));
            } else {
                view(was, is);
            }
        }
        objects(ObjectKind.FEATURE_SERVICE, before.featureServices(), after.featureServices(),
                FeatureServiceSpec::name, this::service);
        objects(ObjectKind.PUSH_SOURCE, before.pushSources(), after.pushSources(), PushSourceSpec::name,
                this::pushSource);
        return List.copyOf(changes);
    }

    private Optional<SpecChange> entity(EntitySpec was, EntitySpec is) {
        Fields fields = new Fields()
                .compare("joinKeys", keys(was.joinKeys()), keys(is.joinKeys()))
                .compare("description", was.description(), is.description());
        boolean breaking = fields.changed("joinKeys");
        return changed(ObjectKind.ENTITY, is.name(), fields, breaking,
                "join keys changed; stored online values and entity tables use the old keys");
    }

    private Optional<SpecChange> pushSource(PushSourceSpec was, PushSourceSpec is) {
        Fields fields = new Fields()
                .compare("batchSource", was.batchSource(), is.batchSource())
                .compare("description", was.description(), is.description());
        return changed(ObjectKind.PUSH_SOURCE, is.name(), fields, false, "");
    }

    private Optional<SpecChange> source(SourceSpec was, SourceSpec is) {
        Fields fields = new Fields()
                .compare("type", was.type(), is.type())
                .compare("path", was.path(), is.path())
                .compare("timestampField", was.timestampField(), is.timestampField())
                .compare("createdTimestampField", was.createdTimestampField(), is.createdTimestampField())
                .compare("description", was.description(), is.description());
        return changed(ObjectKind.SOURCE, is.name(), fields, false, "");
    }

    private void view(FeatureViewSpec was, FeatureViewSpec is) {
        Fields fields = new Fields()
                .compare("entities", was.entities(), is.entities())
                .compare("source", was.source(), is.source())
                .compare("ttlSeconds", was.ttlSeconds(), is.ttlSeconds())
                .compare("online", was.online(), is.online())
                .compare("owner", was.owner(), is.owner())
                .compare("tags", was.tags(), is.tags())
                .compare("description", was.description(), is.description())
                .compare("restricted", was.restricted(), is.restricted());
        changed(ObjectKind.FEATURE_VIEW, is.name(), fields, fields.changed("entities"),
                "entities changed; its key is different, so stored values and entity tables no longer match")
                .ifPresent(changes::add);
        members(ObjectKind.FEATURE, is.name(), was.features(), is.features(), FeatureSpec::name,
                (a, b) -> feature(is.name(), a, b));
        members(ObjectKind.AGGREGATION, is.name(), was.aggregations(), is.aggregations(), AggregationSpec::name,
                (a, b) -> aggregation(is.name(), a, b));
    }

    private Optional<SpecChange> feature(String view, FeatureSpec was, FeatureSpec is) {
        Fields fields = new Fields()
                .compare("type", was.type(), is.type())
                .compare("column", was.sourceColumn(), is.sourceColumn())
                .compare("description", was.description(), is.description())
                .compare("restricted", was.restricted(), is.restricted());
        return changed(ObjectKind.FEATURE, view + ":" + is.name(), fields, fields.changed("type"),
                "type changed; models, stored online values and training sets expect " + was.type());
    }

    private Optional<SpecChange> aggregation(String view, AggregationSpec was, AggregationSpec is) {
        Fields fields = new Fields()
                .compare("function", was.function(), is.function())
                .compare("column", was.column(), is.column())
                .compare("windowSeconds", was.windowSeconds(), is.windowSeconds())
                .compare("description", was.description(), is.description())
                .compare("restricted", was.restricted(), is.restricted());
        Optional<ValueType> oldType = before.featureType(view, was.name());
        Optional<ValueType> newType = after.featureType(view, is.name());
        boolean sameType = oldType.isPresent() && oldType.equals(newType);
        boolean breaking = (fields.changed("function") || fields.changed("column")) && !sameType;
        String reason = oldType.isPresent() && newType.isPresent()
                ? "result type changes from " + oldType.get() + " to " + newType.get()
                : "result type may change (the column type is known only from the Parquet schema)";
        return changed(ObjectKind.AGGREGATION, view + ":" + is.name(), fields, breaking, reason);
    }

    private Optional<SpecChange> service(FeatureServiceSpec was, FeatureServiceSpec is) {
        Fields fields = new Fields()
                .compare("features", was.features(), is.features())
                .compare("owner", was.owner(), is.owner())
                .compare("tags", was.tags(), is.tags())
                .compare("description", was.description(), is.description())
                .compare("logging", was.logging(), is.logging())
                .compare("monitors", was.monitors(), is.monitors());
        return changed(ObjectKind.FEATURE_SERVICE, is.name(), fields, false, "");
    }

    /** Added and removed objects of one kind, and changed ones as {@code compare} finds them. */
    private <T> void objects(ObjectKind kind, List<T> was, List<T> is, Function<T, String> name,
                             java.util.function.BiFunction<T, T, Optional<SpecChange>> compare) {
        Map<String, T> old = byName(was, name);
        Map<String, T> now = byName(is, name);
        for (String key : union(old, now)) {
            if (!old.containsKey(key)) {
                changes.add(new SpecChange(kind, key, ChangeType.ADDED, List.of(), false, ""));
            } else if (!now.containsKey(key)) {
                changes.add(new SpecChange(kind, key, ChangeType.REMOVED, List.of(), false, ""));
            } else {
                compare.apply(old.get(key), now.get(key)).ifPresent(changes::add);
            }
        }
    }

    /** Features or aggregations of a view present in both specs; removing one a service uses is breaking. */
    private <T> void members(ObjectKind kind, String view, List<T> was, List<T> is, Function<T, String> name,
                             java.util.function.BiFunction<T, T, Optional<SpecChange>> compare) {
        Map<String, T> old = byName(was, name);
        Map<String, T> now = byName(is, name);
        for (String key : union(old, now)) {
            String ref = view + ":" + key;
            if (!old.containsKey(key)) {
                changes.add(new SpecChange(kind, ref, ChangeType.ADDED, List.of(), false, ""));
            } else if (!now.containsKey(key)) {
                String users = users(ref, false);
                changes.add(new SpecChange(kind, ref, ChangeType.REMOVED, List.of(), !users.isEmpty(),
                        users.isEmpty() ? "" : "used by feature service " + users));
            } else {
                compare.apply(old.get(key), now.get(key)).ifPresent(changes::add);
            }
        }
    }

    /** The services (of either spec) using {@code ref}, or any feature of a view when {@code prefix} is set. */
    private String users(String ref, boolean prefix) {
        TreeSet<String> services = new TreeSet<>();
        usage.forEach((used, names) -> {
            if (prefix ? used.startsWith(ref) : used.equals(ref)) {
                services.addAll(names);
            }
        });
        return String.join(", ", services);
    }

    private static Optional<SpecChange> changed(ObjectKind kind, String name, Fields fields, boolean breaking,
                                                String reason) {
        if (fields.changes().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SpecChange(kind, name, ChangeType.CHANGED, fields.changes(), breaking,
                breaking ? reason : ""));
    }

    private static List<String> keys(List<JoinKey> keys) {
        return keys.stream().map(k -> k.name() + " " + k.type()).toList();
    }

    /** By name; the first of duplicates wins (specs with duplicates do not pass validation anyway). */
    private static <T> Map<String, T> byName(List<T> values, Function<T, String> name) {
        Map<String, T> map = new LinkedHashMap<>();
        values.forEach(v -> map.putIfAbsent(name.apply(v), v));
        return map;
    }

    private static TreeSet<String> union(Map<String, ?> a, Map<String, ?> b) {
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }
}
