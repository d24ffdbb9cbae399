package dev.granary.serving;

import dev.granary.error.ListField;
import dev.granary.error.BadRequestException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One online lookup as asked: either {@code features} ({@code view:feature}) or a {@code featureService}, the
 * entity rows column-wise (column name → values, in request order), and whether to return full feature names.
 *
 * @param project the project, or null for the server's default (the configured one, else the only one)
 * @throws BadRequestException naming {@code features} when both or neither of features and service are given
 */
public record OnlineQuery(String project, List<String> features, String featureService,
                          Map<String, List<Object>> entities, boolean fullFeatureNames) {
    public OnlineQuery {
        features = features == null ? null : ListField.copy("features", features);
        entities = entities == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(entities));
        if ((features == null || features.isEmpty()) == (featureService == null)) {
            throw new BadRequestException("features", features == null || features.isEmpty()
                    ? "Give either 'features' (a list of 'view:feature') or 'feature_service'"
                    : "Give either 'features' or 'feature_service', not both");
        }
    }

    public static OnlineQuery features(List<String> features, Map<String, List<Object>> entities) {
        return new OnlineQuery(null, features, null, entities, false);
    }

    public static OnlineQuery service(String service, Map<String, List<Object>> entities) {
        return new OnlineQuery(null, null, service, entities, false);
    }
}
