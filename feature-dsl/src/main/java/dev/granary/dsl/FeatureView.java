package dev.granary.dsl;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feature view being declared: features of one or more entities read from one source. Online by default, TTL
 * unlimited ({@link Duration#ZERO}) unless set. Features and aggregations keep their declaration order.
 *
 * <p>Names, types and references are recorded as written and checked by the validator. What cannot be recorded
 * (a null type, entity or duration, a duration that is not whole seconds, an object of another repo) is noted on
 * the repo with its path, and {@link FeatureRepo#build()} reports it with every other error.
 */
public final class FeatureView {
    private final FeatureRepo repo;
    private final String name;
    private final String path;
    private final List<String> entities = new ArrayList<>();
    private final String source;
    private long ttlSeconds;
    private boolean online = true;
    private final List<FeatureSpec> features = new ArrayList<>();
    private final List<AggregationSpec> aggregations = new ArrayList<>();
    private String owner = "";
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String description = "";
    private boolean restricted;

    FeatureView(FeatureRepo repo, String name, Source source, List<Entity> entities, int index) {
        this.repo = repo;
        this.name = name == null ? "" : name;
        this.path = FeatureRepo.element("featureViews", this.name, index);
        if (source != null && repo.isForeign(source.repo())) {
            repo.error(path + ".source", "feature view '" + this.name + "' uses source '" + source.name()
                    + "' declared on another FeatureRepo", "declare it on the repo passed to define()");
        }
        // a missing source is recorded blank: the validator reports the view has none
        this.source = source == null ? "" : source.name();
        if (entities == null) {
            return;
        }
        for (int e = 0; e < entities.size(); e++) {
            Entity entity = entities.get(e);
            if (entity == null) {
                repo.error(path + ".entities[" + e + "]", "entity " + (e + 1) + " of feature view '" + this.name
                        + "' is null", "pass an entity declared with repo.entity(...)");
                continue;
            }
            if (repo.isForeign(entity.repo())) {
                repo.error(path + ".entities[" + entity.name() + "]", "feature view '" + this.name
                        + "' uses entity '" + entity.name() + "' declared on another FeatureRepo",
                        "declare it on the repo passed to define()");
            }
            this.entities.add(entity.name());
        }
    }

    /** How old a value may be and still be used; {@link Duration#ZERO} means unlimited. */
    public FeatureView ttl(Duration ttl) {
        this.ttlSeconds = wholeSeconds(ttl, path + ".ttlSeconds", "the TTL of feature view '" + name + "'");
        return this;
    }

    /** Whether materialization writes this view to the online store (default true). */
    public FeatureView online(boolean online) {
        this.online = online;
        return this;
    }

    /** A plain feature reading the source column of the same name. */
    public FeatureView feature(String featureName, ValueType type) {
        return featureFromColumn(featureName, type, null, "");
    }

    /** A plain feature reading the source column of the same name, with a description. */
    public FeatureView feature(String featureName, ValueType type, String description) {
        return featureFromColumn(featureName, type, null, description);
    }

    /** A plain feature named differently from the source column it reads. */
    public FeatureView featureFromColumn(String featureName, ValueType type, String column) {
        return featureFromColumn(featureName, type, column, "");
    }

    /** A plain feature named differently from the source column it reads, with a description. */
    public FeatureView featureFromColumn(String featureName, ValueType type, String column, String description) {
        String feature = featureName == null ? "" : featureName;
        if (type == null) {
            repo.error(FeatureRepo.element(path + ".features", feature, features.size()) + ".type",
                    "feature '" + name + ":" + feature + "' has no type", "give it a type, such as FLOAT64");
        }
        // a placeholder type for a missing one: the error above is reported, the spec is never used
        features.add(new FeatureSpec(feature, type == null ? ValueType.STRING : type, column, description));
        return this;
    }

    /** A window aggregation {@code function(column)} over {@code (t - window, t]}. */
    public FeatureView aggregate(String featureName, Aggregation aggregation, Duration window) {
        return aggregate(featureName, aggregation, window, "");
    }

    /** A window aggregation with a description. */
    public FeatureView aggregate(String featureName, Aggregation aggregation, Duration window, String description) {
        String feature = featureName == null ? "" : featureName;
        String aggregationPath = FeatureRepo.element(path + ".aggregations", feature, aggregations.size());
        if (aggregation == null) {
            repo.error(aggregationPath, "aggregation '" + name + ":" + feature + "' has no function",
                    "pass one such as sum(\"trips\") (static imports of Aggregations)");
        }
        long seconds = wholeSeconds(window, aggregationPath + ".windowSeconds",
                "the window of aggregation '" + name + ":" + feature + "'");
        // placeholders for a missing aggregation: its error is reported, the spec is never used
        aggregations.add(new AggregationSpec(feature,
                aggregation == null ? AggregationFunction.COUNT : aggregation.function(),
                aggregation == null ? "" : aggregation.column(), seconds, description));
        return this;
    }

    /**
     * Restricts the whole view: its features are read (looked up, exported, shown with statistics) only by callers
     * granted the view or the feature ({@code granary token grant ID view[:feature]}) when security is on.
     */
    public FeatureView restricted() {
        this.restricted = true;
        return this;
    }

    /**
     * Restricts the named features and aggregations of this view, declared before this call; the others stay
     * readable by every reader of the project.
     */
    public FeatureView restricted(String... featureNames) {
        if (featureNames == null || featureNames.length == 0) {
            repo.error(path, "restricted(...) of feature view '" + name + "' names no feature",
                    "name declared features, such as restricted(\"ssn\"), or call restricted() for the whole view");
            return this;
        }
        for (String feature : featureNames) {
            int plain = indexOf(features.stream().map(FeatureSpec::name).toList(), feature);
            int aggregate = indexOf(aggregations.stream().map(AggregationSpec::name).toList(), feature);
            if (plain >= 0) {
                FeatureSpec f = features.get(plain);
                features.set(plain, new FeatureSpec(f.name(), f.type(), f.column(), f.description(), true));
            } else if (aggregate >= 0) {
                AggregationSpec a = aggregations.get(aggregate);
                aggregations.set(aggregate, new AggregationSpec(a.name(), a.function(), a.column(), a.windowSeconds(),
                        a.description(), true));
            } else {
                repo.error(path + ".restricted", "restricted(...) of feature view '" + name + "' names '" + feature
                        + "', which is not a feature declared before it", "declare the feature first, then call"
                        + " restricted(\"" + feature + "\"); its features are " + toSpec().featureNames());
            }
        }
        return this;
    }

    private static int indexOf(List<String> names, String name) {
        return name == null ? -1 : names.indexOf(name);
    }

    public FeatureView owner(String owner) {
        if (owner == null) {
            repo.error(path + ".owner", "the owner of feature view '" + name + "' is null",
                    "pass a team or person, or leave the call out");
        } else {
            this.owner = owner;
        }
        return this;
    }

    public FeatureView tag(String key, String value) {
        if (key == null || value == null) {
            repo.error(path + ".tags", "a tag of feature view '" + name + "' has a null "
                    + (key == null ? "key" : "value"), "pass a key and a value, such as tag(\"team\", \"rides\")");
        } else {
            tags.put(key, value);
        }
        return this;
    }

    public FeatureView description(String text) {
        description = repo.description(path, "feature view '" + name + "'", description, text);
        return this;
    }

    /** The named features of this view, for a feature service. Unknown names are reported by the validator. */
    public FeatureSelection select(String... featureNames) {
        List<String> refs = new ArrayList<>();
        if (featureNames == null) {
            repo.error(path, "the features selected from feature view '" + name + "' are null",
                    "name them, such as select(\"conv_rate\")");
            return new FeatureSelection(refs);
        }
        for (String feature : featureNames) {
            // a null name becomes "view:", which the validator reports where the service lists it
            refs.add(name + ":" + (feature == null ? "" : feature));
        }
        return new FeatureSelection(refs);
    }

    /** Every feature and aggregation declared on this view so far, in declaration order. */
    public FeatureSelection selectAll() {
        List<String> refs = new ArrayList<>();
        features.forEach(f -> refs.add(name + ":" + f.name()));
        aggregations.forEach(a -> refs.add(name + ":" + a.name()));
        return new FeatureSelection(refs);
    }

    public String name() {
        return name;
    }

    FeatureViewSpec toSpec() {
        return new FeatureViewSpec(name, entities, source, ttlSeconds, online, features, aggregations, owner, tags,
                description, restricted);
    }

    /**
     * Durations become whole seconds in the spec; silently truncating 500 ms to 0 (= unlimited) would be a trap,
     * so a fraction is an error (and 0 its placeholder).
     */
    private long wholeSeconds(Duration duration, String specPath, String what) {
        if (duration == null) {
            repo.error(specPath, what + " is null", "pass a duration such as Duration.ofDays(1)");
            return 0;
        }
        if (duration.getNano() != 0) {
            repo.error(specPath, what + " is " + duration + ", which is not a whole number of seconds",
                    "use a duration in whole seconds");
            return 0;
        }
        return duration.getSeconds();
    }
}
