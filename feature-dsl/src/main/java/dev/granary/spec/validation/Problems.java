package dev.granary.spec.validation;

import dev.granary.spec.SpecError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The errors found so far, with the path and name helpers every rule shares. */
final class Problems {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final List<SpecError> errors = new ArrayList<>();

    void add(String path, String message, String fix) {
        errors.add(new SpecError(path, message, fix));
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

    /** {@code array[name]}, or {@code array[index]} when the name is blank. */
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
