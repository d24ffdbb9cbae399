package dev.granary.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A feature view: features of one or more entities read from one source, with a TTL ({@code 0} = unlimited),
 * an online flag, plain features and window aggregations. Tags keep a stable (sorted) order. A {@code restricted}
 * view (or one tagged {@value #PII_TAG}) restricts every feature of it: see {@link #restricted(String)}.
 */
public record FeatureViewSpec(String name, List<String> entities, String source, long ttlSeconds, boolean online,
                              List<FeatureSpec> features, List<AggregationSpec> aggregations, String owner,
                              Map<String, String> tags, String description, boolean restricted) {
    /** The tag that restricts a view like {@code restricted}, unless its value is {@code false}. */
    public static final String PII_TAG = "pii";

    public FeatureViewSpec {
        requireNonNull(name, "name is null");
        entities = entities == null ? List.of() : List.copyOf(entities);
        requireNonNull(source, "source is null");
        features = features == null ? List.of() : List.copyOf(features);
        aggregations = aggregations == null ? List.of() : List.copyOf(aggregations);
        owner = owner == null ? "" : owner;
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        description = description == null ? "" : description;
    }

    public FeatureViewSpec(String name, List<String> entities, String source, long ttlSeconds, boolean online,
                           List<FeatureSpec> features, List<AggregationSpec> aggregations, String owner,
                           Map<String, String> tags, String description) {
        this(name, entities, source, ttlSeconds, online, features, aggregations, owner, tags, description, false);
    }

    /**
     * Whether every feature of the view is restricted: it is marked so, or tagged {@value #PII_TAG} with any value
     * but {@code false} ({@code pii=false} says a view holds no personal data, as the quickstart's does).
     */
    public boolean restrictsAll() {
        String pii = tags.get(PII_TAG);
        return restricted || (pii != null && !pii.strip().equalsIgnoreCase("false"));
    }

    /**
     * Whether {@code featureName} may be read only by callers granted it (or its view): the feature is marked
     * restricted, or the whole view is ({@link #restrictsAll()}). Unknown names are not restricted.
     */
    public boolean restricted(String featureName) {
        if (!hasFeature(featureName)) {
            return false;
        }
        return restrictsAll() || feature(featureName).map(FeatureSpec::restricted).orElse(false)
                || aggregation(featureName).map(AggregationSpec::restricted).orElse(false);
    }

    /** Whether some feature of the view is restricted. */
    public boolean holdsRestricted() {
        return restrictsAll() || features.stream().anyMatch(FeatureSpec::restricted)
                || aggregations.stream().anyMatch(AggregationSpec::restricted);
    }

    public Duration ttl() {
        return Duration.ofSeconds(ttlSeconds);
    }

    /** Names of plain features then aggregations, in declaration order. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        features.forEach(f -> names.add(f.name()));
        aggregations.forEach(a -> names.add(a.name()));
        return List.copyOf(names);
    }

    public Optional<FeatureSpec> feature(String featureName) {
        return features.stream().filter(f -> f.name().equals(featureName)).findFirst();
    }

    public Optional<AggregationSpec> aggregation(String featureName) {
        return aggregations.stream().filter(a -> a.name().equals(featureName)).findFirst();
    }

    public boolean hasFeature(String featureName) {
        return feature(featureName).isPresent() || aggregation(featureName).isPresent();
    }
}
