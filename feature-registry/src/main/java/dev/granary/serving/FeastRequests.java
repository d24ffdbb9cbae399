package dev.granary.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.error.BadRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON bodies of Feast's {@code /get-online-features} and {@code /push} field by field, so a wrong
 * shape gets a 400 naming the field rather than a generic parse error. Unknown top-level fields are refused
 * (a typo such as {@code "feature"} would otherwise be ignored).
 */
final class FeastRequests {
    private static final Set<String> LOOKUP_FIELDS = Set.of("features", "feature_service", "entities",
            "full_feature_names", "project");
    private static final Set<String> PUSH_FIELDS = Set.of("feature_view", "push_source_name", "df", "to", "project",
            "allow_registry_cache");

    private FeastRequests() {
    }

    /** Parses a request body; a body that is not JSON is a 400 on {@code body} saying where it breaks. */
    static JsonNode parse(ObjectMapper json, InputStream body) throws IOException {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new BadRequestException("body", "The request body is not valid JSON" + where + "; send a JSON"
                    + " object as described in docs/api.md");
        }
    }

    static OnlineQuery lookup(JsonNode body) {
        object(body, "body");
        checkFields(body, LOOKUP_FIELDS);
        List<String> features = null;
        JsonNode list = body.get("features");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new BadRequestException("features", "'features' must be a list of 'view:feature' strings");
            }
            features = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).isTextual()) {
                    throw new BadRequestException("features[" + i + "]", "features[" + i + "] must be a string"
                            + " 'view:feature'");
                }
                features.add(list.get(i).asText());
            }
        }
        return new OnlineQuery(text(body, "project"), features, text(body, "feature_service"),
                columns(body.get("entities"), "entities"), bool(body, "full_feature_names"));
    }

    static PushRequest push(JsonNode body) {
        object(body, "body");
        checkFields(body, PUSH_FIELDS);
        String view = text(body, "feature_view");
        if (view == null) {
            view = text(body, "push_source_name");
        }
        return new PushRequest(text(body, "project"), view, columns(body.get("df"), "df"),
                PushRequest.Target.parse(text(body, "to")));
    }

    private static Map<String, List<Object>> columns(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        object(node, field);
        Map<String, List<Object>> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> column = fields.next();
            String name = field + "." + column.getKey();
            if (!column.getValue().isArray()) {
                throw new BadRequestException(name, "'" + name + "' must be a list of values (one per row)");
            }
            List<Object> values = new ArrayList<>(column.getValue().size());
            for (JsonNode value : column.getValue()) {
                values.add(value(value));
            }
            out.put(column.getKey(), values);
        }
        return out;
    }

    private static Object value(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(value(element)));
            return list;
        }
        return node.toString();
    }

    private static void object(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new BadRequestException(field, "'" + field + "' must be a JSON object");
        }
    }

    private static void checkFields(JsonNode body, Set<String> allowed) {
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new BadRequestException(name, "Unknown field '" + name + "'; the fields are "
                        + new java.util.TreeSet<>(allowed));
            }
        });
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new BadRequestException(field, "'" + field + "' must be a string");
        }
        return node.asText();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new BadRequestException(field, "'" + field + "' must be true or false");
        }
        return node.booleanValue();
    }
}
