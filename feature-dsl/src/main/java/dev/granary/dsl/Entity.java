package dev.granary.dsl;

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
    private final String path;
    private final List<JoinKey> keys = new ArrayList<>();
    private String description = "";

    Entity(FeatureRepo repo, String name, int index) {
        this.repo = repo;
        this.name = name == null ? "" : name;
        this.path = FeatureRepo.element("entities", this.name, index);
    }

    /** Adds a typed join key. */
    public Entity key(String keyName, ValueType type) {
        String key = keyName == null ? "" : keyName;
        if (type == null) {
            repo.error(FeatureRepo.element(path + ".joinKeys", key, keys.size()) + ".type",
                    "join key '" + key + "' of entity '" + name + "' has no type", "give it a type, such as INT64");
        }
        // a placeholder type for a missing one: the error above is reported, the spec is never used
        keys.add(new JoinKey(key, type == null ? ValueType.STRING : type));
        return this;
    }

    public Entity description(String text) {
        description = repo.description(path, "entity '" + name + "'", description, text);
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
