package dev.granary.spec.diff;

import static java.util.Objects.requireNonNull;

/** One field of an object that changed, with its values rendered as text ({@code ttlSeconds: 86400 -> 3600}). */
public record FieldChange(String field, String before, String after) {
    public FieldChange {
        requireNonNull(field, "field is null");
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
    }

    @Override
    public String toString() {
        return field + ": " + before + " -> " + after;
    }
}
