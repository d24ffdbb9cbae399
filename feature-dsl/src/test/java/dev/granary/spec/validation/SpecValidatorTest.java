package dev.granary.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.Samples;
import dev.granary.spec.SpecError;
import dev.granary.spec.SpecInvalidException;
import dev.granary.spec.json.SpecJson;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    /** The rides sample changed through its JSON tree, which reaches every field the records allow. */
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

    private static List<String> paths(RepoSpec spec) {
        return SpecValidator.validate(spec).stream().map(SpecError::path).toList();
    }

    private static SpecError onlyError(RepoSpec spec) {
        List<SpecError> errors = SpecValidator.validate(spec);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void ridesSampleIsValid() {
        assertThat(SpecValidator.validate(Samples.rides())).isEmpty();
        assertThat(SpecValidator.requireValid(Samples.rides())).isEqualTo(Samples.rides());
    }

    @Test
    void contractExampleIsValid() throws java.io.IOException {
        try (var in = SpecJson.class.getResourceAsStream("contract-example.granary.json")) {
            RepoSpec spec = SpecJson.read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));

            assertThat(SpecValidator.validate(spec)).isEmpty();
        }
    }

    @Test
    void badProjectNameIsReportedWithASuggestion() {
        SpecError error = onlyError(ridesWith(t -> t.put("project", "Rides Team")));

        assertThat(error.path()).isEqualTo("project");
        assertThat(error.fix()).contains("'rides_team'");
    }

    @Test
    void badNamesAreReportedForEveryKindOfObject() {
        RepoSpec spec = ridesWith(t -> {
            at(t, "entities", 1).put("name", "9customer");
            ((ObjectNode) at(t, "entities", 0).get("joinKeys").get(0)).put("name", "Driver-ID");
            at(t, "sources", 1).put("name", "customer daily");
            ((ObjectNode) view(t, 0).get("features").get(1)).put("name", "accRate");
            ((ObjectNode) view(t, 2).get("aggregations").get(2)).put("name", "conv.mean");
            at(t, "featureServices", 0).put("name", "DriverRanking");
        });

        assertThat(paths(spec)).contains(
                "entities[9customer].name",
                "entities[driver].joinKeys[Driver-ID].name",
                "sources[customer daily].name",
                "featureViews[driver_stats].features[accRate].name",
                "featureViews[driver_activity].aggregations[conv.mean].name",
                "featureServices[DriverRanking].name");
    }

    @Test
    void blankNameIsReportedByIndex() {
        SpecError error = onlyError(ridesWith(t -> ((ObjectNode) view(t, 0).get("features").get(1)).put("name", " ")));

        assertThat(error.path()).isEqualTo("featureViews[driver_stats].features[1].name");
        assertThat(error.message()).contains("has no name");
    }

    @Test
    void duplicateEntitySourceViewAndServiceAreReported() {
        RepoSpec spec = ridesWith(t -> {
            ((ArrayNode) t.get("entities")).add(at(t, "entities", 0).deepCopy());
            ((ArrayNode) t.get("sources")).add(at(t, "sources", 0).deepCopy());
            ((ArrayNode) t.get("featureViews")).add(view(t, 0).deepCopy());
            ((ArrayNode) t.get("featureServices")).add(at(t, "featureServices", 0).deepCopy());
        });

        List<SpecError> errors = SpecValidator.validate(spec);

        assertThat(errors).extracting(SpecError::path).containsExactly(
                "entities[driver].name", "sources[driver_hourly].name", "featureViews[driver_stats].name",
                "featureServices[driver_ranking].name");
        assertThat(errors.get(0).message()).contains("declared twice (first at entities[0])");
    }

    @Test
    void duplicateFeatureNamesIncludeAggregations() {
        RepoSpec spec = ridesWith(t -> {
            ((ObjectNode) view(t, 0).get("features").get(1)).put("name", "conv_rate");
            ((ObjectNode) view(t, 2).get("aggregations").get(1)).put("name", "trips_7d");
        });

        assertThat(paths(spec)).containsExactly(
                "featureViews[driver_stats].features[conv_rate].name",
                "featureViews[driver_activity].aggregations[trips_7d].name");
    }

    @Test
    void duplicateJoinKeyAndEntityWithoutKeysAreReported() {
        RepoSpec spec = ridesWith(t -> {
            ((ArrayNode) at(t, "entities", 0).get("joinKeys")).add(at(t, "entities", 0).get("joinKeys").get(0));
            ((ArrayNode) at(t, "entities", 1).get("joinKeys")).removeAll();
        });

        assertThat(paths(spec)).containsExactly("entities[driver].joinKeys[driver_id]", "entities[customer].joinKeys");
    }

    @Test
    void entitiesOfOneViewMustNotShareAJoinKey() {
        RepoSpec spec = ridesWith(t -> {
            ((ObjectNode) at(t, "entities", 1).get("joinKeys").get(0)).put("name", "driver_id");
            ((ArrayNode) view(t, 0).get("entities")).add("customer");
        });

        SpecError error = onlyError(spec);
        assertThat(error.path()).isEqualTo("featureViews[driver_stats].entities[customer]");
        assertThat(error.message()).contains("share the join key 'driver_id'");
    }

    @Test
    void unknownEntityAndSourceReferencesListTheDeclaredOnes() {
        RepoSpec spec = ridesWith(t -> {
            ((ArrayNode) view(t, 0).get("entities")).set(0, "drivr");
            view(t, 1).put("source", "customer_weekly");
        });

        List<SpecError> errors = SpecValidator.validate(spec);

        assertThat(errors).extracting(SpecError::path)
                .containsExactly("featureViews[driver_stats].entities[drivr]", "featureViews[customer_profile].source");
        assertThat(errors.get(0).fix()).contains("driver, customer");
        assertThat(errors.get(1).fix()).contains("driver_hourly, customer_daily");
    }

    @Test
    void viewWithoutEntitiesOrFeaturesIsReported() {
        RepoSpec spec = ridesWith(t -> {
            ((ArrayNode) view(t, 1).get("entities")).removeAll();
            ((ArrayNode) view(t, 1).get("features")).removeAll();
        });

        assertThat(paths(spec)).containsExactly("featureViews[customer_profile].entities",
                "featureViews[customer_profile].features",
                "featureServices[driver_ranking].features[customer_profile:avg_spend]");
    }

    @Test
    void featureNamedLikeAJoinKeyIsReported() {
        SpecError error = onlyError(ridesWith(t -> ((ObjectNode) view(t, 0).get("features").get(1))
                .put("name", "driver_id")));

        assertThat(error.path()).isEqualTo("featureViews[driver_stats].features[driver_id].name");
    }

    @Test
    void negativeTtlAndNonPositiveWindowsAreReported() {
        RepoSpec spec = ridesWith(t -> {
            view(t, 0).put("ttlSeconds", -1);
            ((ObjectNode) view(t, 2).get("aggregations").get(0)).put("windowSeconds", 0);
            ((ObjectNode) view(t, 2).get("aggregations").get(1)).put("windowSeconds", -60);
        });

        assertThat(paths(spec)).containsExactly("featureViews[driver_stats].ttlSeconds",
                "featureViews[driver_activity].aggregations[trips_7d].windowSeconds",
                "featureViews[driver_activity].aggregations[conv_count_1d].windowSeconds");
    }

    @Test
    void zeroTtlMeansUnlimitedAndIsValid() {
        assertThat(SpecValidator.validate(ridesWith(t -> view(t, 0).put("ttlSeconds", 0)))).isEmpty();
    }

    @Test
    void aggregationFunctionMustFitAColumnTypeTheSpecStates() {
        RepoSpec spec = ridesWith(t -> {
            ArrayNode features = (ArrayNode) view(t, 2).get("features");
            features.addObject().put("name", "status").put("type", "STRING");
            ArrayNode aggregations = (ArrayNode) view(t, 2).get("aggregations");
            aggregations.addObject().put("name", "status_sum").put("function", "SUM").put("column", "status")
                    .put("windowSeconds", 3600);
            aggregations.addObject().put("name", "status_count").put("function", "COUNT").put("column", "status")
                    .put("windowSeconds", 3600);
            aggregations.addObject().put("name", "last_event").put("function", "MAX")
                    .put("column", "event_timestamp").put("windowSeconds", 3600);
            aggregations.addObject().put("name", "mean_ts").put("function", "MEAN")
                    .put("column", "event_timestamp").put("windowSeconds", 3600);
            aggregations.addObject().put("name", "unknown_column_sum").put("function", "SUM")
                    .put("column", "not_in_spec").put("windowSeconds", 3600);
        });

        List<SpecError> errors = SpecValidator.validate(spec);

        assertThat(errors).extracting(SpecError::path).containsExactly(
                "featureViews[driver_activity].aggregations[status_sum].function",
                "featureViews[driver_activity].aggregations[mean_ts].function");
        assertThat(errors.get(0).message()).isEqualTo("SUM cannot aggregate column 'status' of type STRING");
        assertThat(errors.get(0).fix()).startsWith("use one of COUNT for a STRING column");
        assertThat(errors.get(1).fix()).startsWith("use one of COUNT, MIN, MAX for a TIMESTAMP column");
    }

    @Test
    void sourceTypePathAndTimestampAreChecked() {
        RepoSpec spec = ridesWith(t -> {
            at(t, "sources", 0).put("type", "csv");
            at(t, "sources", 1).put("path", " ");
            at(t, "sources", 1).put("timestampField", "");
        });

        assertThat(paths(spec)).containsExactly("sources[driver_hourly].type", "sources[customer_daily].path",
                "sources[customer_daily].timestampField");
    }

    @Test
    void serviceReferencesMustParseAndExist() {
        RepoSpec spec = ridesWith(t -> {
            ArrayNode refs = (ArrayNode) at(t, "featureServices", 0).get("features");
            refs.add("conv_rate");
            refs.add("driver_statz:conv_rate");
            refs.add("driver_stats:conv_rat");
            refs.add("driver_stats:conv_rate");
        });

        List<SpecError> errors = SpecValidator.validate(spec);

        assertThat(errors).extracting(SpecError::path).containsExactly(
                "featureServices[driver_ranking].features[conv_rate]",
                "featureServices[driver_ranking].features[driver_statz:conv_rate]",
                "featureServices[driver_ranking].features[driver_stats:conv_rat]",
                "featureServices[driver_ranking].features[driver_stats:conv_rate]");
        assertThat(errors.get(0).fix()).contains("view:feature");
        assertThat(errors.get(2).fix()).contains("conv_rate, acc_rate, trips");
        assertThat(errors.get(3).message()).contains("listed twice");
    }

    @Test
    void serviceWithoutFeaturesIsReported() {
        SpecError error = onlyError(ridesWith(t -> ((ArrayNode) at(t, "featureServices", 0).get("features"))
                .removeAll()));

        assertThat(error.path()).isEqualTo("featureServices[driver_ranking].features");
    }

    @Test
    void serviceFeaturesFromTwoViewsMustNotClashByName() {
        RepoSpec spec = ridesWith(t -> {
            ((ObjectNode) view(t, 1).get("features").get(0)).put("name", "trips").put("column", "avg_spend");
            ((ArrayNode) at(t, "featureServices", 0).get("features")).set(3, "customer_profile:trips");
        });

        SpecError error = onlyError(spec);
        assertThat(error.path()).isEqualTo("featureServices[driver_ranking].features[customer_profile:trips]");
        assertThat(error.message()).contains("'driver_stats:trips' and 'customer_profile:trips'");
    }

    @Test
    void everyErrorOfABrokenSpecIsReportedAtOnce() {
        RepoSpec spec = ridesWith(t -> {
            t.put("project", "Rides");
            at(t, "entities", 1).put("name", "driver");
            at(t, "sources", 1).put("path", "");
            view(t, 0).put("ttlSeconds", -5);
            ((ObjectNode) view(t, 0).get("features").get(0)).put("name", "Conv");
            view(t, 1).put("source", "nowhere");
            ((ObjectNode) view(t, 2).get("aggregations").get(0)).put("windowSeconds", 0);
            ((ArrayNode) at(t, "featureServices", 0).get("features")).add("driver_stats:nope");
        });

        assertThatThrownBy(() -> SpecValidator.requireValid(spec))
                .isInstanceOfSatisfying(SpecInvalidException.class, e -> assertThat(e.errors())
                        .extracting(SpecError::path).containsExactly(
                                "project",
                                "entities[driver].name",
                                "sources[customer_daily].path",
                                "featureViews[driver_stats].ttlSeconds",
                                "featureViews[driver_stats].features[Conv].name",
                                "featureViews[customer_profile].entities[customer]",
                                "featureViews[customer_profile].source",
                                "featureViews[driver_activity].aggregations[trips_7d].windowSeconds",
                                "featureServices[driver_ranking].features[driver_stats:conv_rate]",
                                "featureServices[driver_ranking].features[driver_stats:nope]"))
                .hasMessageContaining("10 errors in the spec");
    }
}
