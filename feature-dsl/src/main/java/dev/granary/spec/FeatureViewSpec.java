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
 * an online flag, plain features and window aggregations. Tags keep a stable (sorted) order.
 */
public record FeatureViewSpec(String name, List<String> entities, String source, long ttlSeconds, boolean online,
                              List<FeatureSpec> features, List<AggregationSpec> aggregations, String owner,
                              Map<String, String> tags, String description) {
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
