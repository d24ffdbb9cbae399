package dev.granary.client.feast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code /get-online-features} body as read: fields that were absent or null are null (entities: empty).
 *
 * @param entities column name to JSON values (Long, BigInteger, Double, String, Boolean, List, or an object's JSON
 *                 text), in body order
 * @param ignored  top-level fields Granary does not use (Feast's {@code include_feature_view_version_metadata},
 *                 {@code request_context}, ...), for the caller to log
 */
public record LookupBody(String project, List<String> features, String featureService,
                         Map<String, List<Object>> entities, boolean fullFeatureNames, List<String> ignored) {
    public LookupBody {
        features = features == null ? null : List.copyOf(features);
        entities = entities == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(entities));
        ignored = List.copyOf(ignored);
    }
}
