package dev.granary.dsl;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.EntitySpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * An entity being declared: {@code repo.entity("driver").key("driver_id", INT64)}. Calling {@link #key} more than
 * once makes a composite key. Names are recorded as written; the validator checks them.
 */
public final class Entity {
    private final FeatureRepo repo;
    private final String name;
    private final List<JoinKey> keys = new ArrayList<>();
    private String description = "";

    Entity(FeatureRepo repo, String name) {
        this.repo = repo;
        this.name = requireNonNull(name, "entity name is null");
    }

    /** Adds a typed join key. */
    public Entity key(String keyName, ValueType type) {
        keys.add(new JoinKey(requireNonNull(keyName, "join key name is null"),
                requireNonNull(type, "type of join key " + keyName + " is null")));
        return this;
    }

    public Entity description(String text) {
        this.description = requireNonNull(text, "description is null");
        return this;
    }

    public String name() {
        return name;
    }

    FeatureRepo repo() {
        return repo;
    }

    EntitySpec toSpec() {
        return new EntitySpec(name, keys, description);
    }
}
