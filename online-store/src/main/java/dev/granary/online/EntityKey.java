package dev.granary.online;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The join key values of one entity, in the order of the view's entities' join keys (composite keys have
 * several). Integral numbers are normalised to {@link Long} so {@code 1001} and {@code 1001L} are the same key;
 * strings stay strings. Other types are rejected.
 */
public record EntityKey(List<Object> values) {
    public EntityKey {
        requireNonNull(values, "values is null");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an entity key needs at least one join key value");
        }
        List<Object> normalised = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            normalised.add(normalise(values.get(i), i));
        }
        values = List.copyOf(normalised);
    }

    public static EntityKey of(Object... values) {
        return new EntityKey(java.util.Arrays.asList(values));
    }

    private static Object normalise(Object v, int index) {
        if (v instanceof Long || v instanceof String) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw new IllegalArgumentException("entity key value " + index + " is " + (v == null ? "null"
                : v.getClass().getSimpleName() + " '" + v + "'") + "; join keys must be integers or strings");
    }
}
