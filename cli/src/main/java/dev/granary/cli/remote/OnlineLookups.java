package dev.granary.cli.remote;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.cli.backend.FeatureLookup;
import dev.granary.serving.JoinKeyText;
import dev.granary.serving.OnlineQuery;
import dev.granary.spec.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entity's online lookup through the server's Feast-compatible {@code POST /get-online-features}. The text
 * of each join key is first converted to the key's type, read from {@code GET .../entities}, so that a bad value
 * is reported as the CLI reports it locally (field {@code --entity}); a {@code NOT_FOUND} value's event time (the
 * Feast shape writes the epoch for "none") becomes {@code null}, as in a local lookup.
 */
final class OnlineLookups {
    private static final String EPOCH = "1970-01-01T00:00:00Z";

    private final ServerConnection server;

    OnlineLookups(ServerConnection server) {
        this.server = requireNonNull(server, "server is null");
    }

    FeatureLookup lookup(OnlineQuery query, Map<String, String> entity) {
        Map<String, ValueType> types = joinKeyTypes(query.project());
        Map<String, List<Object>> entities = new LinkedHashMap<>();
        List<FeatureLookup.Key> keys = new ArrayList<>();
        entity.forEach((name, text) -> {
            Object value = JoinKeyText.value(name, types.get(name), text);
            entities.put(name, List.of(value));
            keys.add(new FeatureLookup.Key(name, value));
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", query.project());
        if (query.features() != null) {
            body.put("features", query.features());
        } else {
            body.put("feature_service", query.featureService());
        }
        body.put("entities", entities);
        body.put("full_feature_names", query.fullFeatureNames());
        JsonNode answer = server.post("/get-online-features", body);
        JsonNode names = answer.path("metadata").path("feature_names");
        JsonNode results = answer.path("results");
        List<FeatureLookup.Feature> features = new ArrayList<>();
        for (int i = keys.size(); i < names.size(); i++) {
            JsonNode result = results.path(i);
            String status = result.path("statuses").path(0).asText();
            String time = result.path("event_timestamps").path(0).asText(EPOCH);
            features.add(new FeatureLookup.Feature(names.path(i).asText(),
                    server.json().convertValue(result.path("values").path(0), Object.class), status,
                    status.equals("NOT_FOUND") ? null : Instant.parse(time)));
        }
        return new FeatureLookup(keys, features);
    }

    /** The type of every join key of the project's entities (a type this CLI does not know is left out). */
    private Map<String, ValueType> joinKeyTypes(String project) {
        Map<String, ValueType> types = new HashMap<>();
        String path = "/api/v1/projects/" + ServerConnection.encode(project) + "/entities";
        for (JsonNode entity : server.get(path)) {
            for (JsonNode key : entity.path("joinKeys")) {
                Arrays.stream(ValueType.values()).filter(t -> t.name().equals(key.path("type").asText())).findFirst()
                        .ifPresent(type -> types.put(key.path("name").asText(), type));
            }
        }
        return types;
    }
}
