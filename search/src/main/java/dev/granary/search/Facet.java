package dev.granary.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The dimensions a search can filter on and count: object type, feature kind, value type, owner, tag
 * ({@code key=value}), entity and project. {@link #key()} is the query parameter and facet name.
 */
public enum Facet {
    TYPE, KIND, VALUE_TYPE, OWNER, TAG, ENTITY, PROJECT;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Dimensions a document can hold several values of. */
    boolean multiValued() {
        return this == TAG || this == ENTITY;
    }

    public static Optional<Facet> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String wanted = key.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (wanted.equals("VALUETYPE")) {
            wanted = "VALUE_TYPE";
        }
        String match = wanted;
        return Arrays.stream(values()).filter(f -> f.name().equals(match)).findFirst();
    }
}
