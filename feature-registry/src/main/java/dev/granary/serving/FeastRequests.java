package dev.granary.serving;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.error.BadRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the JSON bodies of Feast's {@code /get-online-features} and {@code /push} field by field, so a wrong
 * shape gets a 400 naming the field rather than a generic parse error. Unknown top-level fields are refused
 * (a typo such as {@code "feature"} would otherwise be ignored).
 *
 * <p>A body is read token by token, straight into the request's values: a lookup is the hot path of serving, and
 * building Jackson's tree first would be about 40 % of a 1-entity lookup's allocation (measured with
 * {@code ./bench online}). The answers are those a tree would give: the whole body is read before any field
 * is judged (so a body that is not JSON is always told so first), a repeated field counts as its last value,
 * an unknown field is reported before a wrong known one, and the known fields are judged in a fixed order.
 */
final class FeastRequests {
    private static final Set<String> LOOKUP_FIELDS = Set.of("features", "feature_service", "entities",
            "full_feature_names", "project");
    private static final Set<String> PUSH_FIELDS = Set.of("feature_view", "push_source_name", "df", "to", "project",
            "allow_registry_cache");

    private FeastRequests() {
    }

    /**
     * A field's value that was wrong: the error is raised only once the whole body has been read and every
     * field judged before this one was right.
     */
    private record Wrong(BadRequestException error) {
    }

    /**
     * Reads a lookup body.
     *
     * @throws BadRequestException naming {@code body} when it is not a JSON object, else the first wrong field
     */
    static OnlineQuery lookup(ObjectMapper json, InputStream body) throws IOException {
        Map<String, Object> fields = read(json, body, LOOKUP_FIELDS);
        @SuppressWarnings("unchecked")
        List<String> features = (List<String>) judged(fields, "features");
        String project = text(fields, "project");
        String service = text(fields, "feature_service");
        return new OnlineQuery(project, features, service, columns(fields, "entities"),
                Boolean.TRUE.equals(judged(fields, "full_feature_names")));
    }

    /**
     * Reads a push body.
     *
     * @throws BadRequestException naming {@code body} when it is not a JSON object, else the first wrong field
     */
    static PushRequest push(ObjectMapper json, InputStream body) throws IOException {
        Map<String, Object> fields = read(json, body, PUSH_FIELDS);
        String view = text(fields, "feature_view");
        if (view == null) {
            view = text(fields, "push_source_name");
        }
        return new PushRequest(text(fields, "project"), view, columns(fields, "df"),
                PushRequest.Target.parse(text(fields, "to")));
    }

    /**
     * The body's fields, each read by its own rule ({@link Wrong} when it broke it); the first unknown field is
     * refused once the body is known to be JSON.
     */
    private static Map<String, Object> read(ObjectMapper json, InputStream body, Set<String> allowed)
            throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        String unknown = null;
        try (JsonParser parser = json.createParser(body)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                if (root != null) {
                    parser.readValueAsTree(); // to the end of the value, so a broken one is told so
                }
                throw new BadRequestException("body", "'body' must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (!allowed.contains(name)) {
                    unknown = unknown == null ? name : unknown;
                    parser.skipChildren();
                    continue;
                }
                fields.put(name, field(parser, name));
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new BadRequestException("body", "The request body is not valid JSON" + where + "; send a JSON"
                    + " object as described in docs/api.md");
        }
        if (unknown != null) {
            throw new BadRequestException(unknown, "Unknown field '" + unknown + "'; the fields are "
                    + new TreeSet<>(allowed));
        }
        return fields;
    }

    /** The value of field {@code name}, the parser on its first token. */
    private static Object field(JsonParser parser, String name) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        return switch (name) {
            case "features" -> features(parser);
            case "entities", "df" -> columns(parser, name);
            case "full_feature_names" -> token.isBoolean() ? token == JsonToken.VALUE_TRUE
                    : wrong(parser, name, "'" + name + "' must be true or false");
            case "allow_registry_cache" -> skipped(parser);
            default -> token == JsonToken.VALUE_STRING ? parser.getText()
                    : wrong(parser, name, "'" + name + "' must be a string");
        };
    }

    private static Object features(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            return wrong(parser, "features", "'features' must be a list of 'view:feature' strings");
        }
        List<String> features = new ArrayList<>();
        Wrong wrong = null;
        for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                features.add(parser.getText());
            } else if (wrong == null) {
                wrong = wrong(parser, "features[" + i + "]", "features[" + i + "] must be a string 'view:feature'");
            } else {
                parser.skipChildren();
            }
        }
        return wrong != null ? wrong : features;
    }

    /** Columns of values, one list per name; a column that is not a list is wrong (the first, in body order). */
    private static Object columns(JsonParser parser, String field) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return wrong(parser, field, "'" + field + "' must be a JSON object");
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String column = parser.currentName();
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                String name = field + "." + column;
                columns.put(column, wrong(parser, name, "'" + name + "' must be a list of values (one per row)"));
                continue;
            }
            List<Object> values = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                values.add(value(parser));
            }
            columns.put(column, values);
        }
        for (Object column : columns.values()) {
            if (column instanceof Wrong wrong) {
                return wrong;
            }
        }
        return columns;
    }

    /**
     * One entity or pushed value as Java sees it: null, a Long (a BigInteger past its range), a Double, a
     * String, a Boolean, a List of these, or the JSON text of an object (which no join key or feature type takes,
     * so its column's check names it).
     */
    private static Object value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                yield list;
            }
            default -> parser.readValueAsTree().toString();
        };
    }

    /** Skips the value the parser is on and records why it was wrong. */
    private static Wrong wrong(JsonParser parser, String field, String message) throws IOException {
        parser.skipChildren();
        return new Wrong(new BadRequestException(field, message));
    }

    private static Object skipped(JsonParser parser) throws IOException {
        parser.skipChildren();
        return null;
    }

    /** The value of a field read by {@link #field}, or its error. */
    private static Object judged(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (value instanceof Wrong wrong) {
            throw wrong.error();
        }
        return value;
    }

    private static String text(Map<String, Object> fields, String name) {
        return (String) judged(fields, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Object>> columns(Map<String, Object> fields, String name) {
        Object columns = judged(fields, name);
        return columns == null ? Map.of() : (Map<String, List<Object>>) (Map<String, ?>) columns;
    }
}
