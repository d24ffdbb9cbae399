package dev.granary.dsl;

import static java.util.Objects.requireNonNull;

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
 * <p>Names, types and references are recorded as written and checked by the validator, which reports every
 * problem at once. Only nulls and durations that are not whole seconds are refused here.
 */
public final class FeatureView {
    private final FeatureRepo repo;
    private final String name;
    private final List<String> entities;
    private final String source;
    private long ttlSeconds;
    private boolean online = true;
    private final List<FeatureSpec> features = new ArrayList<>();
    private final List<AggregationSpec> aggregations = new ArrayList<>();
    private String owner = "";
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String description = "";

    FeatureView(FeatureRepo repo, String name, Source source, List<Entity> entities) {
        this.repo = repo;
        this.name = requireNonNull(name, "feature view name is null");
        this.source = requireNonNull(source, "source of feature view " + name + " is null").name();
        this.entities = entities.stream()
                .map(e -> requireNonNull(e, "an entity of feature view " + name + " is null").name())
                .toList();
    }

    /** How old a value may be and still be used; {@link Duration#ZERO} means unlimited. */
    public FeatureView ttl(Duration ttl) {
        this.ttlSeconds = wholeSeconds(ttl, "TTL of feature view " + name);
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
        requireNonNull(featureName, "a feature name of feature view " + name + " is null");
        requireNonNull(type, "type of feature " + name + ":" + featureName + " is null");
        features.add(new FeatureSpec(featureName, type, column, description));
        return this;
    }

    /** A window aggregation {@code function(column)} over {@code (t - window, t]}. */
    public FeatureView aggregate(String featureName, Aggregation aggregation, Duration window) {
        return aggregate(featureName, aggregation, window, "");
    }

    /** A window aggregation with a description. */
    public FeatureView aggregate(String featureName, Aggregation aggregation, Duration window, String description) {
        requireNonNull(featureName, "an aggregation name of feature view " + name + " is null");
        requireNonNull(aggregation, "aggregation " + name + ":" + featureName + " is null");
        long seconds = wholeSeconds(window, "window of aggregation " + name + ":" + featureName);
        aggregations.add(new AggregationSpec(featureName, aggregation.function(), aggregation.column(), seconds,
                description));
        return this;
    }

    public FeatureView owner(String owner) {
        this.owner = requireNonNull(owner, "owner is null");
        return this;
    }

    public FeatureView tag(String key, String value) {
        tags.put(requireNonNull(key, "tag key is null"), requireNonNull(value, "value of tag " + key + " is null"));
        return this;
    }

    public FeatureView description(String text) {
        this.description = requireNonNull(text, "description is null");
        return this;
    }

    /** The named features of this view, for a feature service. Unknown names are reported by the validator. */
    public FeatureSelection select(String... featureNames) {
        requireNonNull(featureNames, "featureNames is null");
        List<String> refs = new ArrayList<>();
        for (String feature : featureNames) {
            refs.add(name + ":" + requireNonNull(feature, "a selected feature of view " + name + " is null"));
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

    FeatureRepo repo() {
        return repo;
    }

    FeatureViewSpec toSpec() {
        return new FeatureViewSpec(name, entities, source, ttlSeconds, online, features, aggregations, owner, tags,
                description);
    }

    /** Durations become whole seconds in the spec; silently truncating 500 ms to 0 (= unlimited) would be a trap. */
    static long wholeSeconds(Duration duration, String what) {
        requireNonNull(duration, what + " is null");
        if (duration.getNano() != 0) {
            throw new IllegalArgumentException(what + " is " + duration
                    + ", which is not a whole number of seconds; use a duration in whole seconds");
        }
        return duration.getSeconds();
    }
}
