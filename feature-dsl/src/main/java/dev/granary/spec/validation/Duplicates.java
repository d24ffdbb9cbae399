package dev.granary.spec.validation;

import java.util.HashMap;
import java.util.Map;

/** Finds the second and later use of a name among siblings, remembering where the first one was. */
final class Duplicates {
    private final Map<String, String> firstPath = new HashMap<>();

    /** The path of the earlier element with this name, or null when the name is new (or blank). */
    String seen(String name, String path) {
        if (name.isBlank()) {
            return null;
        }
        return firstPath.putIfAbsent(name, path);
    }
}
