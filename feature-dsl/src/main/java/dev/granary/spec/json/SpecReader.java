package dev.granary.spec.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.PushSourceSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.SpecError;
import dev.granary.spec.SpecInvalidException;
import dev.granary.spec.ValueType;
import dev.granary.spec.validation.SpecValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads the canonical tree into records, collecting every structural error (missing or mistyped fields, unknown
 * types and functions). Placeholders stand in for broken values while reading goes on, so that the validator can
 * look at the rest: a spec with structural errors ends in one {@link SpecInvalidException} holding those errors
 * and every other one the validator finds. The placeholders never escape.
 */
final class SpecReader {
    private static final List<ValueType> TYPES = List.of(ValueType.values());
    private static final List<AggregationFunction> FUNCTIONS = List.of(AggregationFunction.values());

    private final List<SpecError> errors = new ArrayList<>();

    private SpecReader() {
    }

    static RepoSpec read(JsonNode root) {
        SpecReader reader = new SpecReader();
        RepoSpec spec = reader.repo(root);
        if (!reader.errors.isEmpty()) {
            throw new SpecInvalidException(spec == null ? reader.errors
                    : SpecValidator.validate(spec, reader.errors));
        }
        return spec;
    }

    private RepoSpec repo(JsonNode root) {
        Optional<JsonFields> maybe = JsonFields.of(root, "$", errors, "the spec");
        if (maybe.isEmpty()) {
            return null;
        }
        JsonFields json = JsonFields.of(root, "", errors, "the spec").orElseThrow();
        json.rejectMisspelledFields(Set.of("project", "entities", "sources", "featureViews", "featureServices",
                "pushSources"));
        String project = json.requiredString("project", "add \"project\": the project name, such as \"rides\"");
        return new RepoSpec(project,
                list(json, "entities", this::entity),
                list(json, "sources", this::source),
                list(json, "featureViews", this::view),
                list(json, "featureServices", this::service),
                list(json, "pushSources", this::pushSource));
    }

    private PushSourceSpec pushSource(JsonNode node, String path) {
        return JsonFields.of(node, path, errors, "a push source").map(json -> {
            json.rejectMisspelledFields(Set.of("name", "batchSource", "description"));
            return new PushSourceSpec(
                    json.requiredString("name", "add \"name\": the push source name, such as \"driver_push\""),
                    json.requiredString("batchSource", "add \"batchSource\": the name of the source pushed rows"
                            + " belong to"),
                    json.optionalString("description", ""));
        }).orElse(null);
    }

    private EntitySpec entity(JsonNode node, String path) {
        return JsonFields.of(node, path, errors, "an entity").map(json -> {
            json.rejectMisspelledFields(Set.of("name", "joinKeys", "description"));
            String name = json.requiredString("name", "add \"name\": the entity name, such as \"driver\"");
            List<JoinKey> keys = new ArrayList<>();
            List<JsonNode> elements = json.array("joinKeys", true,
                    "add \"joinKeys\": [{\"name\": \"driver_id\", \"type\": \"INT64\"}]");
            for (int i = 0; i < elements.size(); i++) {
                JsonNode element = elements.get(i);
                String keyPath = JsonFields.elementPath(JsonFields.child(path, "joinKeys"), element, i);
                JsonFields.of(element, keyPath, errors, "a join key").ifPresent(key -> {
                    key.rejectMisspelledFields(Set.of("name", "type"));
                    String keyName = key.requiredString("name", "add \"name\": the join key column");
                    ValueType type = key.requiredName("type", ValueType::parse, "type", TYPES);
                    keys.add(new JoinKey(keyName, type == null ? ValueType.STRING : type));
                });
            }
            return new EntitySpec(name, keys, json.optionalString("description", ""));
        }).orElse(null);
    }

    private SourceSpec source(JsonNode node, String path) {
        return JsonFields.of(node, path, errors, "a source").map(json -> {
            json.rejectMisspelledFields(Set.of("name", "type", "path", "timestampField", "createdTimestampField",
                    "description"));
            return new SourceSpec(
                    json.requiredString("name", "add \"name\": the source name, such as \"driver_hourly\""),
                    json.optionalString("type", SourceSpec.PARQUET),
                    json.requiredString("path", "add \"path\": a Parquet file or folder, such as \"data/x.parquet\""),
                    json.optionalString("timestampField", "event_timestamp"),
                    json.optionalString("createdTimestampField", null),
                    json.optionalString("description", ""));
        }).orElse(null);
    }

    private FeatureViewSpec view(JsonNode node, String path) {
        return JsonFields.of(node, path, errors, "a feature view").map(json -> {
            json.rejectMisspelledFields(Set.of("name", "entities", "source", "ttlSeconds", "online", "features",
                    "aggregations", "owner", "tags", "description", "restricted"));
            return new FeatureViewSpec(
                    json.requiredString("name", "add \"name\": the view name, such as \"driver_stats\""),
                    json.stringArray("entities", true, "add \"entities\": the names of its entities, such as [\"driver\"]"),
                    json.requiredString("source", "add \"source\": the name of one of the sources"),
                    json.optionalLong("ttlSeconds", 0),
                    json.optionalBoolean("online", true),
                    list(json, "features", this::feature),
                    list(json, "aggregations", this::aggregation),
                    json.optionalString("owner", ""),
                    json.stringMap("tags"),
                    json.optionalString("description", ""),
                    json.optionalBoolean("restricted", false));
        }).orElse(null);
    }

    private FeatureSpec feature(JsonNode node, String path) {
        return JsonFields.of(node, path, errors, "a feature").map(json -> {
            json.rejectMisspelledFields(Set.of("name", "type", "column", "description", "restricted"));
            String name = json.requiredString("name", "add \"name\": the feature name");
            ValueType type = json.requiredName("type", ValueType::parse, "type", TYPES);
            return new FeatureSpec(name, type == null ? ValueType.STRING : type, json.optionalString("column", null),
                    json.optionalString("description", ""), json.optionalBoolean("restricted", false));
        }).orElse(null);
    }

    private AggregationSpec aggregation(JsonNode node, String path) {
        return JsonFields.of(node, path, errors, "an aggregation").map(json -> {
            json.rejectMisspelledFields(Set.of("name", "function", "column", "windowSeconds", "description",
                    "restricted"));
            String name = json.requiredString("name", "add \"name\": the aggregation's feature name");
            AggregationFunction function = json.requiredName("function", AggregationFunction::parse, "function",
                    FUNCTIONS);
            return new AggregationSpec(name, function == null ? AggregationFunction.COUNT : function,
                    json.requiredString("column", "add \"column\": the source column to aggregate"),
                    json.requiredLong("windowSeconds", "add \"windowSeconds\": the window length, such as 86400"),
                    json.optionalString("description", ""), json.optionalBoolean("restricted", false));
        }).orElse(null);
    }

    private FeatureServiceSpec service(JsonNode node, String path) {
        return JsonFields.of(node, path, errors, "a feature service").map(json -> {
            json.rejectMisspelledFields(Set.of("name", "features", "owner", "tags", "description", "logging",
                    "monitors"));
            return new FeatureServiceSpec(
                    json.requiredString("name", "add \"name\": the service name, such as \"driver_ranking\""),
                    json.stringArray("features", true, "add \"features\": references such as [\"view:feature\"]"),
                    json.optionalString("owner", ""),
                    json.stringMap("tags"),
                    json.optionalString("description", ""),
                    HealthJson.logging(json, errors),
                    HealthJson.monitors(json, errors));
        }).orElse(null);
    }

    /** Reads each element of an array field; broken elements are left out (their errors are recorded). */
    private <T> List<T> list(JsonFields json, String field, BiFunction<JsonNode, String, T> element) {
        List<JsonNode> nodes = json.array(field, false, "");
        List<T> values = new ArrayList<>();
        String arrayPath = JsonFields.child(json.path(), field);
        for (int i = 0; i < nodes.size(); i++) {
            T value = element.apply(nodes.get(i), JsonFields.elementPath(arrayPath, nodes.get(i), i));
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }
}
