package dev.granary.client.feast;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.client.error.LookupRejectedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the request bodies of Feast's feature server field by field, so a wrong shape gets an error naming the field
 * rather than a generic parse error, and writes lookup bodies. As Feast's server does, fields it does not use are
 * ignored (listed in the body's {@code ignored} for the caller to log): Feast's clients send fields such as
 * {@code include_feature_view_version_metadata} that a strict reader would refuse.
 *
 * <p>A body is read token by token, straight into its values: a lookup is the hot path of serving, and building
 * Jackson's tree first would be about 40 % of a 1-entity lookup's allocation (measured with {@code ./bench online}).
 * The answers are those a tree would give: the whole body is read before any field is judged (so a body that is not
 * JSON is always told so first), a repeated field counts as its last value in its first place, and the known fields
 * are judged in a fixed order.
 *
 * <p>Failures: {@link LookupRejectedException} naming {@code body} when it is not one JSON object (data after it
 * included), else the first wrong field ({@code features[1]}, {@code entities.driver_id}, {@code df}, ...).
 */
public final class FeastBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /** How a known field's value is read. */
    private enum Kind { TEXT, FLAG, TEXTS, COLUMNS }

    private static final Map<String, Kind> LOOKUP = Map.of("features", Kind.TEXTS, "feature_service", Kind.TEXT,
            "entities", Kind.COLUMNS, "full_feature_names", Kind.FLAG, "project", Kind.TEXT);
    private static final Map<String, Kind> PUSH = Map.of("feature_view", Kind.TEXT, "push_source_name", Kind.TEXT,
            "df", Kind.COLUMNS, "to", Kind.TEXT, "project", Kind.TEXT);
    private static final Map<String, Kind> WRITE = Map.of("feature_view_name", Kind.TEXT, "df", Kind.COLUMNS,
            "project", Kind.TEXT);
    private static final Map<String, Kind> MATERIALIZE = Map.of("start_ts", Kind.TEXT, "end_ts", Kind.TEXT,
            "feature_views", Kind.TEXTS, "disable_event_timestamp", Kind.FLAG, "project", Kind.TEXT);

    private FeastBodies() {
    }

    /**
     * A field's value that was wrong: the error is raised only once the whole body has been read and every field
     * judged before this one was right.
     */
    private record Wrong(LookupRejectedException error) {
    }

    /** The fields read by their rules, and the names of those ignored. */
    private record Fields(Map<String, Object> values, List<String> ignored) {
    }

    /** Reads a {@code /get-online-features} body. */
    public static LookupBody lookup(InputStream body) throws IOException {
        Fields fields = read(body, LOOKUP);
        @SuppressWarnings("unchecked")
        List<String> features = (List<String>) judged(fields, "features");
        String project = text(fields, "project");
        String service = text(fields, "feature_service");
        return new LookupBody(project, features, service, columns(fields, "entities"),
                Boolean.TRUE.equals(judged(fields, "full_feature_names")), fields.ignored());
    }

    /** Reads a {@code /push} body: Feast's {@code push_source_name} or Granary's {@code feature_view}. */
    public static RowsBody push(InputStream body) throws IOException {
        Fields fields = read(body, PUSH);
        String view = text(fields, "feature_view");
        String source = text(fields, "push_source_name");
        String target = view != null ? view : source;
        return new RowsBody(text(fields, "project"), target, view != null ? "feature_view" : "push_source_name",
                columns(fields, "df"), text(fields, "to"), fields.ignored());
    }

    /** Reads a {@code /write-to-online-store} body. */
    public static RowsBody write(InputStream body) throws IOException {
        Fields fields = read(body, WRITE);
        String view = text(fields, "feature_view_name");
        return new RowsBody(text(fields, "project"), view, "feature_view_name", columns(fields, "df"), null,
                fields.ignored());
    }

    /** Reads a {@code /materialize} or {@code /materialize-incremental} body. */
    public static MaterializeBody materialize(InputStream body) throws IOException {
        Fields fields = read(body, MATERIALIZE);
        @SuppressWarnings("unchecked")
        List<String> views = (List<String>) judged(fields, "feature_views");
        return new MaterializeBody(text(fields, "project"), text(fields, "start_ts"), text(fields, "end_ts"), views,
                Boolean.TRUE.equals(judged(fields, "disable_event_timestamp")), fields.ignored());
    }

    /**
     * A {@code /get-online-features} body: {@code features} or {@code feature_service} (exactly one non-null), the
     * entity columns, and {@code project} when not null.
     */
    public static byte[] lookupBody(String project, List<String> features, String featureService,
                                    Map<String, List<Object>> entities, boolean fullFeatureNames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            if (project != null) {
                json.writeStringField("project", project);
            }
            if (features != null) {
                json.writeArrayFieldStart("features");
                for (String feature : features) {
                    json.writeString(feature);
                }
                json.writeEndArray();
            } else {
                json.writeStringField("feature_service", featureService);
            }
            json.writeFieldName("entities");
            JSON.writeValue(json, entities);
            json.writeBooleanField("full_feature_names", fullFeatureNames);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The body's fields, each read by its rule ({@link Wrong} when it broke it); other fields are skipped. */
    private static Fields read(InputStream body, Map<String, Kind> known) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> ignored = List.of();
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                if (root != null) {
                    parser.readValueAsTree(); // to the end of the value, so a broken one is told so
                }
                throw new LookupRejectedException("body", "'body' must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                Kind kind = known.get(name);
                if (kind == null) {
                    ignored = ignored.isEmpty() ? new ArrayList<>(2) : ignored;
                    ignored.add(name);
                    parser.skipChildren();
                    continue;
                }
                fields.put(name, field(parser, name, kind));
            }
            if (parser.nextToken() != null) {
                // Python's json.loads refuses it too ("Extra data"): a second value means a client bug
                throw new LookupRejectedException("body", "The request body has data after its JSON object (line "
                        + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr()
                        + "); send one JSON object");
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new LookupRejectedException("body", "The request body is not valid JSON" + where + "; send a JSON"
                    + " object as described in docs/serving.md");
        }
        return new Fields(fields, ignored);
    }

    /** The value of field {@code name}, the parser on its first token. */
    private static Object field(JsonParser parser, String name, Kind kind) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        return switch (kind) {
            case TEXTS -> texts(parser, name);
            case COLUMNS -> columns(parser, name);
            case FLAG -> token.isBoolean() ? token == JsonToken.VALUE_TRUE
                    : wrong(parser, name, "'" + name + "' must be true or false");
            case TEXT -> token == JsonToken.VALUE_STRING ? parser.getText()
                    : wrong(parser, name, "'" + name + "' must be a string");
        };
    }

    private static Object texts(JsonParser parser, String name) throws IOException {
        String what = name.equals("features") ? "'view:feature' strings" : "strings";
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            return wrong(parser, name, "'" + name + "' must be a list of " + what);
        }
        List<String> texts = new ArrayList<>();
        Wrong wrong = null;
        for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                texts.add(parser.getText());
            } else if (wrong == null) {
                wrong = wrong(parser, name + "[" + i + "]", name + "[" + i + "] must be a string"
                        + (name.equals("features") ? " 'view:feature'" : ""));
            } else {
                parser.skipChildren();
            }
        }
        return wrong != null ? wrong : texts;
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
     * One entity or row value as Java sees it: null, a Long (a BigInteger past its range), a Double (infinite when
     * past its range, which the type check then refuses), a String, a Boolean, a List of these, or the JSON text of an
     * object (which no join key or feature type takes, so its column's check names it).
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
        return new Wrong(new LookupRejectedException(field, message));
    }

    /** The value of a field read by {@link #field}, or its error. */
    private static Object judged(Fields fields, String name) {
        Object value = fields.values().get(name);
        if (value instanceof Wrong wrong) {
            throw wrong.error();
        }
        return value;
    }

    private static String text(Fields fields, String name) {
        return (String) judged(fields, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Object>> columns(Fields fields, String name) {
        Object columns = judged(fields, name);
        return columns == null ? Map.of() : (Map<String, List<Object>>) (Map<String, ?>) columns;
    }
}
