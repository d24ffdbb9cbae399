package dev.granary.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A feature service: the named list of {@code view:feature} references one model uses. */
public record FeatureServiceSpec(String name, List<String> features, String owner, Map<String, String> tags,
                                 String description) {
    public FeatureServiceSpec {
        requireNonNull(name, "name is null");
        features = features == null ? List.of() : List.copyOf(features);
        owner = owner == null ? "" : owner;
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        description = description == null ? "" : description;
    }

    /** The references that parse as {@code view:feature}; the validator reports the others. */
    public List<FeatureRef> refs() {
        return features.stream().map(FeatureRef::parse).flatMap(java.util.Optional::stream).toList();
    }
}
