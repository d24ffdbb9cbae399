package dev.granary.spec.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.spec.SpecError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The fields of one JSON object of a spec, read with their path. Every problem is added to the shared error list
 * and a harmless fallback is returned, so reading goes on and all problems are reported together.
 */
final class JsonFields {
    private final JsonNode node;
    private final String path;
    private final List<SpecError> errors;

    private JsonFields(JsonNode node, String path, List<SpecError> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    /** The object at {@code path}, or empty (with an error) when the node is not an object. */
    static Optional<JsonFields> of(JsonNode node, String path, List<SpecError> errors, String what) {
        if (node == null || !node.isObject()) {
            errors.add(new SpecError(path, "expected " + what + " as a JSON object but found " + kind(node),
                    "write " + what + " as {\"name\": ...}"));
            return Optional.empty();
        }
        return Optional.of(new JsonFields(node, path, errors));
    }

    /** The path of the element of an array, named by its {@code name} when it has one, else by its index. */
    static String elementPath(String arrayPath, JsonNode element, int index) {
        JsonNode name = element == null ? null : element.get("name");
        if (name != null && name.isTextual() && !name.asText().isBlank()) {
            return arrayPath + "[" + name.asText() + "]";
        }
        return arrayPath + "[" + index + "]";
    }

    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    String path() {
        return path;
    }

    /** The raw value of {@code field}, or null when absent. */
    JsonNode raw(String field) {
        return node.get(field);
    }

    /** Records a problem with {@code field} of this object. */
    void error(String field, String message, String fix) {
        errors.add(new SpecError(child(path, field), message, fix));
    }

    /**
     * Unknown fields are ignored so that newer writers can add some, except those that look like a misspelling of
     * a known field: {@code "timestampFeld"} would otherwise be dropped silently and a default used instead.
     */
    void rejectMisspelledFields(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (known.contains(name)) {
                continue;
            }
            for (String candidate : known) {
                if (looksLike(name, candidate)) {
                    errors.add(new SpecError(child(path, name), "unknown field '" + name + "'",
                            "did you mean '" + candidate + "'?"));
                    break;
                }
            }
        }
    }

    String requiredString(String field, String fix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            missing(field, fix);
            return "";
        }
        if (!value.isTextual()) {
            wrongType(field, "a string", value);
            return "";
        }
        return value.asText();
    }

    /** An optional string; {@code null} stands for absent when {@code fallback} is null. */
    String optionalString(String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            wrongType(field, "a string", value);
            return fallback;
        }
        return value.asText();
    }

    long requiredLong(String field, String fix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            missing(field, fix);
            return 0;
        }
        return whole(field, value, 0);
    }

    long optionalLong(String field, long fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : whole(field, value, fallback);
    }

    boolean optionalBoolean(String field, boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            wrongType(field, "true or false", value);
            return fallback;
        }
        return value.booleanValue();
    }

    /** An enum-like value parsed by {@code parser}; {@code null} (with an error) when missing or unknown. */
    <T> T requiredName(String field, Function<String, Optional<T>> parser, String what, List<?> allowed) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            missing(field, "add \"" + field + "\": one of " + names(allowed));
            return null;
        }
        if (!value.isTextual()) {
            wrongType(field, "one of " + names(allowed), value);
            return null;
        }
        String text = value.asText();
        Optional<T> parsed = parser.apply(text);
        if (parsed.isEmpty()) {
            errors.add(new SpecError(child(path, field), "unknown " + what + " '" + text + "'",
                    "use one of " + names(allowed)));
            return null;
        }
        return parsed.get();
    }

    /** The elements of an array field; an absent optional array is empty. */
    List<JsonNode> array(String field, boolean required, String fix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                missing(field, fix);
            }
            return List.of();
        }
        if (!value.isArray()) {
            wrongType(field, "an array [...]", value);
            return List.of();
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    List<String> stringArray(String field, boolean required, String fix) {
        List<JsonNode> elements = array(field, required, fix);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            JsonNode element = elements.get(i);
            if (element.isTextual()) {
                values.add(element.asText());
            } else {
                errors.add(new SpecError(child(path, field) + "[" + i + "]",
                        "expected a string but found " + kind(element), "write it as a quoted string"));
            }
        }
        return values;
    }

    Map<String, String> stringMap(String field) {
        JsonNode value = node.get(field);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return map;
        }
        if (!value.isObject()) {
            wrongType(field, "an object {\"key\": \"value\"}", value);
            return map;
        }
        value.properties().forEach(entry -> {
            if (entry.getValue().isTextual()) {
                map.put(entry.getKey(), entry.getValue().asText());
            } else {
                errors.add(new SpecError(child(path, field) + "[" + entry.getKey() + "]",
                        "expected a string but found " + kind(entry.getValue()), "write the value as a quoted string"));
            }
        });
        return map;
    }

    private long whole(String field, JsonNode value, long fallback) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            wrongType(field, "a whole number of seconds", value);
            return fallback;
        }
        return value.longValue();
    }

    private void missing(String field, String fix) {
        errors.add(new SpecError(child(path, field), "missing required field '" + field + "'", fix));
    }

    private void wrongType(String field, String expected, JsonNode value) {
        errors.add(new SpecError(child(path, field), "expected " + expected + " but found " + kind(value),
                "write '" + field + "' as " + expected));
    }

    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string " + node;
            case NUMBER -> "the number " + node;
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String names(List<?> allowed) {
        return String.join(", ", allowed.stream().map(String::valueOf).toList());
    }

    private static boolean looksLike(String name, String candidate) {
        String a = name.toLowerCase(Locale.ROOT);
        String b = candidate.toLowerCase(Locale.ROOT);
        return a.equals(b) || (b.length() > 3 && editDistance(a, b) <= 2);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
