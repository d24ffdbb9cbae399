package dev.granary.spec.validation;

import dev.granary.spec.SpecError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The errors found so far, with the path and name helpers every rule shares. Paths where reading the spec already
 * failed ({@link #Problems(List)}) hold placeholders: an error at or under one of them is the same mistake seen a
 * second time and is left out.
 */
final class Problems {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final Set<SpecError> errors = new LinkedHashSet<>();
    private final Set<String> unread = new LinkedHashSet<>();

    Problems() {
    }

    /** Problems that start with the errors of reading the spec; their paths hold placeholders. */
    Problems(List<SpecError> readErrors) {
        errors.addAll(readErrors);
        readErrors.forEach(e -> unread.add(e.path()));
    }

    void add(String path, String message, String fix) {
        if (!isUnread(path)) {
            errors.add(new SpecError(path, message, fix));
        }
    }

    /** Whether {@code path} is, or lies under, a path that could not be read (its value is a placeholder). */
    boolean isUnread(String path) {
        for (String broken : unread) {
            if (path.equals(broken) || path.startsWith(broken + ".") || path.startsWith(broken + "[")) {
                return true;
            }
        }
        return false;
    }

    List<SpecError> errors() {
        return List.copyOf(errors);
    }

    /** Reports {@code name} at {@code path} unless it is a valid name; {@code what} is "entity", "feature", ... */
    void checkName(String path, String what, String name) {
        if (name.isBlank()) {
            add(path, what + " has no name", "give it a name such as '" + example(what) + "'");
        } else if (!NAME.matcher(name).matches()) {
            add(path, what + " name '" + name + "' is not valid",
                    "use lower-case letters, digits and underscores, starting with a letter, such as '"
                            + suggestion(name) + "'");
        }
    }

    static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Checks a top-level object of {@code array} (its name is valid and not declared before, as remembered by
     * {@code names}) and returns its path, such as {@code featureViews[driver_stats]}.
     */
    String checkDeclared(String array, String what, String name, int index, Duplicates names) {
        String path = element(array, name, index);
        checkName(path + ".name", what, name);
        String first = names.seen(name, array + "[" + index + "]");
        if (first != null) {
            add(path + ".name", what + " '" + name + "' is declared twice (first at " + first + ")",
                    "rename one of them or remove the duplicate");
        }
        return path;
    }

    /** {@code array[name]}, or {@code array[index]} when the name is blank. */
    static String element(String array, String name, int index) {
        return array + "[" + (name == null || name.isBlank() ? String.valueOf(index) : name) + "]";
    }

    /** A valid name close to {@code name}: {@code "Driver Stats"} becomes {@code "driver_stats"}. */
    static String suggestion(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        lower = lower.replaceAll("^_+|_+$", "");
        if (lower.isEmpty()) {
            return "x";
        }
        return Character.isLetter(lower.charAt(0)) ? lower : "x_" + lower;
    }

    private static String example(String what) {
        return switch (what) {
            case "entity" -> "driver";
            case "source" -> "driver_hourly";
            case "feature view" -> "driver_stats";
            case "feature service" -> "driver_ranking";
            case "join key" -> "driver_id";
            case "project" -> "rides";
            default -> "conv_rate";
        };
    }
}
