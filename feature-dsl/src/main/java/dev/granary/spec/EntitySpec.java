package dev.granary.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An entity: a name and one or more typed join keys (composite keys allowed). */
public record EntitySpec(String name, List<JoinKey> joinKeys, String description) {
    public EntitySpec {
        requireNonNull(name, "name is null");
        joinKeys = joinKeys == null ? List.of() : List.copyOf(joinKeys);
        description = description == null ? "" : description;
    }

    public List<String> joinKeyNames() {
        return joinKeys.stream().map(JoinKey::name).toList();
    }
}
