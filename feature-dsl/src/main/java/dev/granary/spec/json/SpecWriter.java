package dev.granary.spec.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import java.util.List;
import java.util.Map;

/**
 * Builds the canonical tree. Key order is fixed (that of {@code contract.md}) so that equal specs give equal
 * text; lists are always written, optional {@code column} and {@code createdTimestampField} only when present,
 * {@code restricted} only when true (so specs without restricted features keep their JSON and hash).
 */
final class SpecWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecWriter() {
    }

    static ObjectNode tree(RepoSpec spec) {
        ObjectNode root = NODES.objectNode();
        root.put("project", spec.project());
        ArrayNode entities = root.putArray("entities");
        spec.entities().forEach(e -> entities.add(entity(e)));
        ArrayNode sources = root.putArray("sources");
        spec.sources().forEach(s -> sources.add(source(s)));
        ArrayNode views = root.putArray("featureViews");
        spec.featureViews().forEach(v -> views.add(view(v)));
        ArrayNode services = root.putArray("featureServices");
        spec.featureServices().forEach(s -> services.add(service(s)));
        if (!spec.pushSources().isEmpty()) {
            // written only when declared, so specs without push sources keep their JSON (and hash)
            ArrayNode pushSources = root.putArray("pushSources");
            spec.pushSources().forEach(p -> pushSources.addObject().put("name", p.name())
                    .put("batchSource", p.batchSource()).put("description", p.description()));
        }
        return root;
    }

    private static ObjectNode entity(EntitySpec entity) {
        ObjectNode node = NODES.objectNode();
        node.put("name", entity.name());
        ArrayNode keys = node.putArray("joinKeys");
        for (JoinKey key : entity.joinKeys()) {
            keys.addObject().put("name", key.name()).put("type", key.type().name());
        }
        node.put("description", entity.description());
        return node;
    }

    private static ObjectNode source(SourceSpec source) {
        ObjectNode node = NODES.objectNode();
        node.put("name", source.name());
        node.put("type", source.type());
        node.put("path", source.path());
        node.put("timestampField", source.timestampField());
        source.createdTimestamp().ifPresent(c -> node.put("createdTimestampField", c));
        node.put("description", source.description());
        return node;
    }

    private static ObjectNode view(FeatureViewSpec view) {
        ObjectNode node = NODES.objectNode();
        node.put("name", view.name());
        strings(node.putArray("entities"), view.entities());
        node.put("source", view.source());
        node.put("ttlSeconds", view.ttlSeconds());
        node.put("online", view.online());
        ArrayNode features = node.putArray("features");
        view.features().forEach(f -> features.add(feature(f)));
        ArrayNode aggregations = node.putArray("aggregations");
        view.aggregations().forEach(a -> aggregations.add(aggregation(a)));
        node.put("owner", view.owner());
        tags(node.putObject("tags"), view.tags());
        node.put("description", view.description());
        restricted(node, view.restricted());
        return node;
    }

    private static void restricted(ObjectNode node, boolean restricted) {
        if (restricted) {
            node.put("restricted", true);
        }
    }

    private static ObjectNode feature(FeatureSpec feature) {
        ObjectNode node = NODES.objectNode();
        node.put("name", feature.name());
        node.put("type", feature.type().name());
        if (feature.column() != null) {
            node.put("column", feature.column());
        }
        node.put("description", feature.description());
        restricted(node, feature.restricted());
        return node;
    }

    private static ObjectNode aggregation(AggregationSpec aggregation) {
        ObjectNode node = NODES.objectNode();
        node.put("name", aggregation.name());
        node.put("function", aggregation.function().name());
        node.put("column", aggregation.column());
        node.put("windowSeconds", aggregation.windowSeconds());
        node.put("description", aggregation.description());
        restricted(node, aggregation.restricted());
        return node;
    }

    private static ObjectNode service(FeatureServiceSpec service) {
        ObjectNode node = NODES.objectNode();
        node.put("name", service.name());
        strings(node.putArray("features"), service.features());
        node.put("owner", service.owner());
        tags(node.putObject("tags"), service.tags());
        node.put("description", service.description());
        HealthJson.write(node, service);
        return node;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void tags(ObjectNode node, Map<String, String> tags) {
        tags.forEach(node::put);
    }
}
