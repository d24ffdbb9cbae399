package dev.granary.cli.remote;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.cli.backend.ServerRejectedException;
import dev.granary.client.feast.FeastAnswers;
import dev.granary.client.feast.FeastBodies;
import dev.granary.client.feast.LookupAnswer;
import dev.granary.cli.backend.FeatureLookup;
import dev.granary.serving.JoinKeyText;
import dev.granary.serving.OnlineQuery;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entity's online lookup through the server's Feast-compatible {@code POST /get-online-features}, written and
 * read with the Feast codec ({@link FeastBodies}, {@link FeastAnswers}). The text
 * of each join key is first converted to the key's type, read from {@code GET .../entities}, so that a bad value
 * is reported as the CLI reports it locally (field {@code --entity}); a {@code NOT_FOUND} value's event time (the
 * Feast shape writes the epoch for "none") becomes {@code null}, as in a local lookup.
 */
final class OnlineLookups {
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
        byte[] body = FeastBodies.lookupBody(query.project(), query.features(), query.featureService(), entities,
                query.fullFeatureNames());
        LookupAnswer answer;
        try {
            answer = FeastAnswers.lookup(server.postBytes("/get-online-features", body));
        } catch (IOException | IllegalArgumentException e) {
            throw new ServerRejectedException("MALFORMED_ANSWER", 502, null, "granary serve answered"
                    + " /get-online-features with something that is not a lookup answer (" + e.getMessage() + ")");
        }
        List<FeatureLookup.Feature> features = new ArrayList<>();
        for (int i = keys.size(); i < answer.featureNames().size(); i++) {
            LookupAnswer.Column result = answer.results().get(i);
            features.add(new FeatureLookup.Feature(answer.featureNames().get(i), result.values().get(0),
                    result.statuses().get(0), result.eventTimes().get(0)));
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
