package dev.granary.spec;

import static java.util.Objects.requireNonNull;

/** A typed join key of an entity, such as {@code driver_id INT64}. */
public record JoinKey(String name, ValueType type) {
    public JoinKey {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
