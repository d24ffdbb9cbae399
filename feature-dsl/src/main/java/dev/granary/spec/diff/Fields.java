package dev.granary.spec.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Collects the fields that differ between two versions of one object, rendering values as text. */
final class Fields {
    private final List<FieldChange> changes = new ArrayList<>();

    Fields compare(String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.add(new FieldChange(field, text(before), text(after)));
        }
        return this;
    }

    boolean changed(String field) {
        return changes.stream().anyMatch(c -> c.field().equals(field));
    }

    List<FieldChange> changes() {
        return List.copyOf(changes);
    }

    private static String text(Object value) {
        if (value == null) {
            return "(none)";
        }
        if (value instanceof String s) {
            return s.isEmpty() ? "\"\"" : s;
        }
        if (value instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(String::valueOf).toList()) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            return map.toString();
        }
        return String.valueOf(value);
    }
}
