package dev.granary.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of catalog object; {@link #key()} is the value of the {@code type} facet and filter. */
public enum ObjectKind {
    ENTITY, SOURCE, FEATURE_VIEW, FEATURE, FEATURE_SERVICE;

    /** The lower-case name used in queries, facets and JSON: {@code feature_view}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a key case-insensitively ({@code feature_view} or {@code FEATURE_VIEW}); empty when unknown. */
    public static Optional<ObjectKind> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String wanted = key.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(k -> k.name().equals(wanted)).findFirst();
    }
}
