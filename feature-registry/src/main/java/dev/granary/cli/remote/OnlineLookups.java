package dev.granary.cli.remote;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.cli.backend.FeatureLookup;
import dev.granary.error.BadRequestException;
import dev.granary.serving.OnlineQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entity's online lookup through the server's Feast-compatible {@code POST /get-online-features}. The text
 * of each join key is first converted to the key's type, read from {@code GET .../entities}, so that a bad value
 * is reported as the CLI reports it locally (field {@code --entity}); the answer's epoch event time, which the
 * Feast shape uses for "none", becomes {@code null}.
 */
final class OnlineLookups {
    private static final Set<String> INTEGRAL = Set.of("INT32", "INT64");
    private static final String EPOCH = "1970-01-01T00:00:00Z";

    private final ServerConnection server;

    OnlineLookups(ServerConnection server) {
        this.server = requireNonNull(server, "server is null");
    }

    FeatureLookup lookup(OnlineQuery query, Map<String, String> entity) {
        Map<String, String> types = joinKeyTypes(query.project());
        Map<String, List<Object>> entities = new LinkedHashMap<>();
        List<FeatureLookup.Key> keys = new ArrayList<>();
        entity.forEach((name, text) -> {
            Object value = INTEGRAL.contains(types.get(name)) ? integer(name, types.get(name), text) : text;
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
            String time = result.path("event_timestamps").path(0).asText(EPOCH);
            features.add(new FeatureLookup.Feature(names.path(i).asText(),
                    server.json().convertValue(result.path("values").path(0), Object.class),
                    result.path("statuses").path(0).asText(), time.equals(EPOCH) ? null : Instant.parse(time)));
        }
        return new FeatureLookup(keys, features);
    }

    private Map<String, String> joinKeyTypes(String project) {
        Map<String, String> types = new HashMap<>();
        String path = "/api/v1/projects/" + ServerConnection.encode(project) + "/entities";
        for (JsonNode entity : server.get(path)) {
            for (JsonNode key : entity.path("joinKeys")) {
                types.put(key.path("name").asText(), key.path("type").asText());
            }
        }
        return types;
    }

    private static Object integer(String name, String type, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("--entity", "Join key '" + name + "' is " + type + " but got '" + text
                    + "'; give an integer");
        }
    }
}
