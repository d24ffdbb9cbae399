package dev.granary.client.feast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the answers of Feast's feature server (and of Granary's, the same shape) for the Java client and the CLI. */
public final class FeastAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeastAnswers() {
    }

    /**
     * Reads a {@code /get-online-features} answer.
     *
     * @throws IOException when the body is not JSON
     * @throws IllegalArgumentException when it is JSON of another shape
     */
    public static LookupAnswer lookup(byte[] body) throws IOException {
        JsonNode answer = JSON.readTree(body);
        JsonNode names = answer == null ? null : answer.path("metadata").path("feature_names");
        if (names == null || !names.isArray() || !answer.path("results").isArray()
                || answer.path("results").size() != names.size()) {
            throw new IllegalArgumentException("not an answer of /get-online-features: no metadata.feature_names with"
                    + " one result per name");
        }
        List<String> nameList = new ArrayList<>(names.size());
        names.forEach(n -> nameList.add(n.asText()));
        List<LookupAnswer.Column> columns = new ArrayList<>(names.size());
        for (JsonNode result : answer.path("results")) {
            JsonNode values = result.path("values");
            List<Object> valueList = new ArrayList<>(values.size());
            List<String> statuses = new ArrayList<>(values.size());
            List<Instant> times = new ArrayList<>(values.size());
            for (int r = 0; r < values.size(); r++) {
                valueList.add(value(values.get(r)));
                String status = result.path("statuses").path(r).asText("PRESENT");
                statuses.add(status);
                JsonNode time = result.path("event_timestamps").path(r);
                times.add(status.equals("NOT_FOUND") || !time.isTextual() ? null : Instant.parse(time.asText()));
            }
            columns.add(new LookupAnswer.Column(valueList, statuses, times));
        }
        return new LookupAnswer(nameList, columns);
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(value(element)));
            return list;
        }
        return node.asText();
    }
}
