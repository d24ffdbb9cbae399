package dev.granary.online;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureViewSpec;
import java.util.List;

/**
 * The features to read from one view in a multi-view read, with the entity keys of that view (one per requested
 * entity, in request order: views of different entities take different keys for the same request row).
 */
public record ViewRead(FeatureViewSpec view, List<String> featureNames, List<EntityKey> keys) {
    public ViewRead {
        requireNonNull(view, "view is null");
        featureNames = List.copyOf(requireNonNull(featureNames, "featureNames is null"));
        keys = List.copyOf(requireNonNull(keys, "keys is null"));
    }
}
