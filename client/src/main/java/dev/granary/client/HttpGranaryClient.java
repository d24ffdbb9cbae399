package dev.granary.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.online.FeatureStatus;
import dev.granary.online.FeatureValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link GranaryClient} over HTTP: {@code POST /get-online-features} in Feast's JSON shape. */
final class HttpGranaryClient implements GranaryClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    HttpGranaryClient(URI baseUri, Duration timeout) {
        requireNonNull(baseUri, "baseUri is null");
        this.endpoint = baseUri.resolve("/get-online-features");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public OnlineFeatures getOnlineFeatures(List<String> features, List<Map<String, Object>> entityRows,
                                            boolean fullFeatureNames) {
        ObjectNode body = JSON.createObjectNode();
        body.put("full_feature_names", fullFeatureNames);
        ArrayNode list = body.putArray("features");
        features.forEach(list::add);
        return send(body, entityRows);
    }

    @Override
    public OnlineFeatures getOnlineFeatures(String featureService, List<Map<String, Object>> entityRows,
                                            boolean fullFeatureNames) {
        ObjectNode body = JSON.createObjectNode();
        body.put("full_feature_names", fullFeatureNames);
        body.put("feature_service", requireNonNull(featureService, "featureService is null"));
        return send(body, entityRows);
    }

    private OnlineFeatures send(ObjectNode body, List<Map<String, Object>> entityRows) {
        Map<String, List<Object>> columns = EntityRows.columns(entityRows);
        body.set("entities", JSON.valueToTree(columns));
        JsonNode answer;
        int status;
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            status = response.statusCode();
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new LookupFailedException("UNREACHABLE", "Cannot reach the Granary server at "
                    + endpoint + ": " + e.getMessage() + "; check that 'granary serve' runs there", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LookupFailedException("INTERRUPTED", "Interrupted while waiting for " + endpoint, e);
        }
        if (status != 200) {
            throw answered(status, answer);
        }
        return parse(answer, columns.size());
    }

    /** The current spec of a project from {@code GET /api/v1/projects/{project}}. */
    static dev.granary.spec.RepoSpec fetchSpec(URI server, String project, Duration timeout) {
        URI uri = server.resolve("/api/v1/projects/" + java.net.URLEncoder.encode(project,
                java.nio.charset.StandardCharsets.UTF_8));
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                JsonNode error = JSON.readTree(response.body());
                throw answered(response.statusCode(), error);
            }
            return dev.granary.spec.json.SpecJson.read(response.body());
        } catch (IOException e) {
            throw new LookupFailedException("UNREACHABLE", "Cannot read project '" + project + "' from "
                    + uri + ": " + e.getMessage() + "; check that 'granary serve' runs there", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LookupFailedException("INTERRUPTED", "Interrupted while reading " + uri, e);
        }
    }

    /**
     * The server's error body ({@code error}, {@code field}, {@code message}) as the client's exception: a 4xx
     * status is the request's fault, anything else the server's.
     */
    private static GranaryClientException answered(int status, JsonNode error) {
        String code = error.path("error").asText("HTTP_" + status);
        String message = error.path("message").asText("The server answered " + status);
        if (status >= 400 && status < 500) {
            return new LookupRejectedException(code, error.hasNonNull("field") ? error.get("field").asText() : null,
                    message, null);
        }
        return new LookupFailedException(code, message, null);
    }

    private static OnlineFeatures parse(JsonNode answer, int entityColumns) {
        JsonNode names = answer.path("metadata").path("feature_names");
        JsonNode results = answer.path("results");
        List<String> nameList = new ArrayList<>(names.size());
        names.forEach(n -> nameList.add(n.asText()));
        int rows = results.isEmpty() ? 0 : results.get(0).path("values").size();
        List<List<Object>> keys = new ArrayList<>(entityColumns);
        for (int c = 0; c < entityColumns; c++) {
            JsonNode column = results.get(c).path("values");
            List<Object> values = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                values.add(value(column.get(r)));
            }
            keys.add(values);
        }
        List<List<FeatureValue>> features = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            features.add(new ArrayList<>(nameList.size() - entityColumns));
        }
        for (int c = entityColumns; c < nameList.size(); c++) {
            JsonNode column = results.get(c);
            for (int r = 0; r < rows; r++) {
                FeatureStatus status = FeatureStatus.valueOf(column.path("statuses").get(r).asText());
                Instant time = status == FeatureStatus.NOT_FOUND ? null
                        : Instant.parse(column.path("event_timestamps").get(r).asText());
                Object value = status == FeatureStatus.PRESENT ? value(column.path("values").get(r)) : null;
                features.get(r).add(new FeatureValue(value, time, status));
            }
        }
        return new OnlineFeatures(OnlineFeatures.Columns.of(nameList), keys, features);
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
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

    @Override
    public void close() {
        http.close();
    }
}
