package dev.granary.spec.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.Samples;
import dev.granary.spec.json.SpecJson;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SpecDiffTest {

    private static RepoSpec ridesWith(Consumer<ObjectNode> change) {
        ObjectNode tree = SpecJson.toTree(Samples.rides());
        change.accept(tree);
        return SpecJson.fromTree(tree);
    }

    private static ObjectNode at(ObjectNode tree, String array, int index) {
        return (ObjectNode) tree.get(array).get(index);
    }

    private static ObjectNode view(ObjectNode tree, int index) {
        return at(tree, "featureViews", index);
    }

    private static SpecChange only(SpecDiff diff) {
        assertThat(diff.changes()).hasSize(1);
        return diff.changes().get(0);
    }

    @Test
    void unchangedSpecGivesAnEmptyDiff() {
        SpecDiff diff = SpecDiff.between(Samples.rides(), Samples.rides());

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.hasBreaking()).isFalse();
        assertThat(diff.render()).isEqualTo("No changes.\n");
    }

    @Test
    void reorderingObjectsIsNoChange() {
        RepoSpec reordered = ridesWith(t -> {
            ArrayNode views = (ArrayNode) t.get("featureViews");
            JsonNode first = views.remove(0);
            views.add(first);
        });

        assertThat(SpecDiff.between(Samples.rides(), reordered).isEmpty()).isTrue();
    }

    @Test
    void firstApplyAddsEveryTopLevelObject() {
        SpecDiff diff = SpecDiff.between(RepoSpec.empty("rides"), Samples.rides());

        assertThat(diff.changes()).extracting(c -> c.change().symbol() + " " + c.kind() + " " + c.name())
                .containsExactly(
                        "+ ENTITY customer", "+ ENTITY driver",
                        "+ SOURCE customer_daily", "+ SOURCE driver_hourly",
                        "+ FEATURE_VIEW customer_profile", "+ FEATURE_VIEW driver_activity",
                        "+ FEATURE_VIEW driver_stats",
                        "+ FEATURE_SERVICE driver_ranking");
        assertThat(diff.hasBreaking()).isFalse();
    }

    @Test
    void ttlChangeIsAFieldChangeAndNotBreaking() {
        SpecChange change = only(SpecDiff.between(Samples.rides(), ridesWith(t -> view(t, 0).put("ttlSeconds", 3600))));

        assertThat(change.kind()).isEqualTo(ObjectKind.FEATURE_VIEW);
        assertThat(change.name()).isEqualTo("driver_stats");
        assertThat(change.change()).isEqualTo(ChangeType.CHANGED);
        assertThat(change.details()).containsExactly(new FieldChange("ttlSeconds", "86400", "3600"));
        assertThat(change.breaking()).isFalse();
        assertThat(change.render()).isEqualTo("~ feature_view driver_stats ttlSeconds: 86400 -> 3600");
    }

    @Test
    void featureTypeChangeIsBreaking() {
        SpecDiff diff = SpecDiff.between(Samples.rides(),
                ridesWith(t -> ((ObjectNode) view(t, 0).get("features").get(0)).put("type", "STRING")));

        SpecChange change = only(diff);
        assertThat(change.kind()).isEqualTo(ObjectKind.FEATURE);
        assertThat(change.name()).isEqualTo("driver_stats:conv_rate");
        assertThat(change.breaking()).isTrue();
        assertThat(diff.breakingChanges()).containsExactly(change);
        assertThat(change.render()).startsWith("~ feature driver_stats:conv_rate type: FLOAT64 -> STRING (breaking: ");
    }

    @Test
    void removingAFeatureAServiceUsesIsBreakingAndAnUnusedOneIsNot() {
        RepoSpec withoutTrips = ridesWith(t -> ((ArrayNode) view(t, 0).get("features")).remove(2));
        RepoSpec withoutAccRate = ridesWith(t -> ((ArrayNode) view(t, 0).get("features")).remove(1));

        SpecChange used = only(SpecDiff.between(Samples.rides(), withoutTrips));
        SpecChange unused = only(SpecDiff.between(Samples.rides(), withoutAccRate));

        assertThat(used.change()).isEqualTo(ChangeType.REMOVED);
        assertThat(used.name()).isEqualTo("driver_stats:trips");
        assertThat(used.breaking()).isTrue();
        assertThat(used.reason()).contains("driver_ranking");
        assertThat(unused.name()).isEqualTo("driver_stats:acc_rate");
        assertThat(unused.breaking()).isFalse();
    }

    @Test
    void removingAFeatureTogetherWithTheServiceThatUsedItIsStillBreaking() {
        RepoSpec after = ridesWith(t -> {
            ((ArrayNode) view(t, 0).get("features")).remove(2);
            ((ArrayNode) t.get("featureServices")).removeAll();
        });

        SpecDiff diff = SpecDiff.between(Samples.rides(), after);

        assertThat(diff.breakingChanges()).extracting(SpecChange::name).containsExactly("driver_stats:trips");
        assertThat(diff.changes()).extracting(SpecChange::name)
                .containsExactly("driver_stats:trips", "driver_ranking");
    }

    @Test
    void removingAViewAServiceUsedIsBreaking() {
        RepoSpec after = ridesWith(t -> {
            ((ArrayNode) t.get("featureViews")).remove(1);
            ((ArrayNode) at(t, "featureServices", 0).get("features")).remove(3);
        });

        SpecDiff diff = SpecDiff.between(Samples.rides(), after);

        assertThat(diff.breakingChanges()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ObjectKind.FEATURE_VIEW);
            assertThat(c.change()).isEqualTo(ChangeType.REMOVED);
            assertThat(c.reason()).contains("driver_ranking");
        });
        assertThat(diff.changes()).filteredOn(c -> c.kind() == ObjectKind.FEATURE_SERVICE).singleElement()
                .satisfies(c -> assertThat(c.details()).extracting(FieldChange::field).containsExactly("features"));
    }

    @Test
    void joinKeyAndViewEntityChangesAreBreaking() {
        RepoSpec after = ridesWith(t -> {
            ((ObjectNode) at(t, "entities", 0).get("joinKeys").get(0)).put("type", "STRING");
            ((ArrayNode) view(t, 2).get("entities")).add("customer");
        });

        SpecDiff diff = SpecDiff.between(Samples.rides(), after);

        assertThat(diff.breakingChanges()).extracting(c -> c.kind() + " " + c.name())
                .containsExactly("ENTITY driver", "FEATURE_VIEW driver_activity");
        assertThat(diff.changes().get(0).details())
                .containsExactly(new FieldChange("joinKeys", "[driver_id INT64]", "[driver_id STRING]"));
    }

    @Test
    void aggregationFunctionChangeIsBreakingOnlyWhenTheResultTypeMayChange() {
        RepoSpec countToSum = ridesWith(t ->
                ((ObjectNode) view(t, 2).get("aggregations").get(1)).put("function", "SUM"));
        RepoSpec windowOnly = ridesWith(t ->
                ((ObjectNode) view(t, 2).get("aggregations").get(1)).put("windowSeconds", 7200));
        RepoSpec meanColumn = ridesWith(t ->
                ((ObjectNode) view(t, 2).get("aggregations").get(2)).put("column", "acc_rate"));

        assertThat(only(SpecDiff.between(Samples.rides(), countToSum)).breaking()).isTrue();
        assertThat(only(SpecDiff.between(Samples.rides(), windowOnly)).breaking()).isFalse();
        assertThat(only(SpecDiff.between(Samples.rides(), meanColumn)).breaking()).isFalse();
    }

    @Test
    void renderListsEveryChangeWithASummary() {
        RepoSpec after = ridesWith(t -> {
            view(t, 0).put("ttlSeconds", 3600).put("owner", "quality-team");
            ((ObjectNode) view(t, 0).get("features").get(0)).put("type", "STRING");
            ((ArrayNode) t.get("entities")).addObject().put("name", "city").putArray("joinKeys")
                    .addObject().put("name", "city_id").put("type", "INT32");
            ((ArrayNode) t.get("sources")).remove(1);
        });
        String reason = "type changed; models, stored online values and training sets expect FLOAT64";

        assertThat(SpecDiff.between(Samples.rides(), after).render()).isEqualTo("""
                + entity city
                - source customer_daily
                ~ feature_view driver_stats
                    ttlSeconds: 86400 -> 3600
                    owner: rides-team -> quality-team
                ~ feature driver_stats:conv_rate type: FLOAT64 -> STRING (breaking: %s)
                Plan: 1 to add, 2 to change, 1 to remove (1 breaking).
                """.formatted(reason));
    }

    @Test
    void diffRoundTripsThroughJackson() throws Exception {
        SpecDiff diff = SpecDiff.between(Samples.rides(),
                ridesWith(t -> ((ObjectNode) view(t, 0).get("features").get(0)).put("type", "STRING")));
        ObjectMapper mapper = new ObjectMapper();

        String json = mapper.writeValueAsString(diff);
        JsonNode tree = mapper.readTree(json);

        assertThat(tree.get("breaking").booleanValue()).isTrue();
        assertThat(tree.get("empty").booleanValue()).isFalse();
        assertThat(tree.get("changes").get(0).get("kind").asText()).isEqualTo("FEATURE");
        assertThat(tree.get("changes").get(0).get("details").get(0).get("after").asText()).isEqualTo("STRING");
        assertThat(mapper.readValue(json, SpecDiff.class)).isEqualTo(diff);
    }
}
