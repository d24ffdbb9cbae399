package dev.granary.cli.backend;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The online features of one entity.
 *
 * @param keys     the entity's join keys with their values as looked up (converted to the key types)
 * @param features one per requested feature, in request order
 */
public record FeatureLookup(List<Key> keys, List<Feature> features) {
    public FeatureLookup {
        keys = List.copyOf(keys);
        features = List.copyOf(features);
    }

    /** A join key and its value. */
    public record Key(String name, Object value) {
        public Key {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /**
     * One feature's value ({@code null} when absent; bytes as a {@code byte[]} or base64 text), its status name
     * ({@code PRESENT}, {@code NOT_FOUND}, ...) and its event time ({@code null} when there is none).
     */
    public record Feature(String name, Object value, String status, Instant eventTime) {
        public Feature {
            requireNonNull(name, "name is null");
            requireNonNull(status, "status is null");
        }
    }
}
