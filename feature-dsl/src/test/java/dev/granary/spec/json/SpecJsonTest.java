package dev.granary.spec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.spec.AggregationFunction;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.Samples;
import dev.granary.spec.SpecError;
import dev.granary.spec.SpecInvalidException;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecJsonTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = SpecJsonTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<SpecError> errorsOf(String json) {
        try {
            SpecJson.read(json);
        } catch (SpecInvalidException e) {
            return e.errors();
        }
        throw new AssertionError("expected the spec to be refused: " + json);
    }

    @Test
    void contractExampleParses() throws IOException {
        RepoSpec spec = SpecJson.read(resource("contract-example.granary.json"));

        assertThat(spec.project()).isEqualTo("rides");
        assertThat(spec.entity("driver").orElseThrow().joinKeys().get(0).type()).isEqualTo(ValueType.INT64);
        assertThat(spec.source("driver_hourly").orElseThrow().createdTimestamp()).contains("created");
        FeatureViewSpec view = spec.featureView("driver_stats").orElseThrow();
        assertThat(view.ttlSeconds()).isEqualTo(86400);
        assertThat(view.online()).isTrue();
        assertThat(view.feature("conv_rate").orElseThrow().type()).isEqualTo(ValueType.FLOAT64);
        assertThat(view.aggregation("trips_7d").orElseThrow().function()).isEqualTo(AggregationFunction.COUNT);
        assertThat(view.aggregation("trips_7d").orElseThrow().windowSeconds()).isEqualTo(604800);
        assertThat(view.tags()).isEqualTo(Map.of("team", "rides"));
        assertThat(spec.featureService("driver_ranking").orElseThrow().features())
                .containsExactly("driver_stats:conv_rate", "driver_stats:trips_7d");
    }

    @Test
    void writeIsCanonicalWithTheContractKeyOrder() throws IOException {
        RepoSpec spec = SpecJson.read(resource("contract-example.granary.json"));

        assertThat(SpecJson.write(spec)).isEqualTo(resource("contract-example.canonical.json"));
    }

    @Test
    void roundTripKeepsEverySpecEqual() {
        RepoSpec rides = Samples.rides();
        String text = SpecJson.write(rides);

        assertThat(SpecJson.read(text)).isEqualTo(rides);
        assertThat(SpecJson.write(SpecJson.read(text))).isEqualTo(text);
        assertThat(SpecJson.fromTree(SpecJson.toTree(rides))).isEqualTo(rides);
        assertThat(SpecJson.read(SpecJson.write(RepoSpec.empty("x")))).isEqualTo(RepoSpec.empty("x"));
    }

    @Test
    void optionalFieldsAreOmittedOnlyWhenAbsent() {
        String text = SpecJson.write(Samples.rides());

        assertThat(text).contains("\"column\": \"customer_segment\"");
        assertThat(text).doesNotContain("\"column\": null");
        assertThat(text.split("createdTimestampField", -1)).hasSize(2); // only driver_hourly has one
        assertThat(text).contains("\"aggregations\": []");
    }

    @Test
    void readFromFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rides.granary.json");
        Files.writeString(file, SpecJson.write(Samples.rides()));

        assertThat(SpecJson.read(file)).isEqualTo(Samples.rides());
    }

    @Test
    void defaultsApplyToOmittedOptionalFields() {
        RepoSpec spec = SpecJson.read("""
                {"project": "p",
                 "sources": [{"name": "s", "path": "s.parquet"}],
                 "featureViews": [{"name": "v", "entities": ["e"], "source": "s",
                                   "features": [{"name": "f", "type": "int64_list"}]}]}
                """);

        assertThat(spec.entities()).isEmpty();
        assertThat(spec.source("s").orElseThrow().type()).isEqualTo("parquet");
        assertThat(spec.source("s").orElseThrow().timestampField()).isEqualTo("event_timestamp");
        FeatureViewSpec view = spec.featureView("v").orElseThrow();
        assertThat(view.ttlSeconds()).isZero();
        assertThat(view.online()).isTrue();
        assertThat(view.feature("f").orElseThrow().type()).isEqualTo(ValueType.INT64_LIST);
    }

    @Test
    void unknownTypeIsReportedWithItsPathAndTheValidTypes() {
        String json = SpecJson.write(Samples.rides()).replaceFirst("\"FLOAT64\"", "\"FLOAT65\"");

        List<SpecError> errors = errorsOf(json);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("featureViews[driver_stats].features[conv_rate].type");
            assertThat(e.message()).contains("FLOAT65");
            assertThat(e.fix()).contains("INT64_LIST");
        });
    }

    @Test
    void unknownFunctionIsReported() {
        String json = SpecJson.write(Samples.rides()).replace("\"SUM\"", "\"MEDIAN\"");

        assertThat(errorsOf(json)).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("featureViews[driver_activity].aggregations[trips_7d].function");
            assertThat(e.fix()).contains("COUNT, SUM, MIN, MAX, MEAN");
        });
    }

    @Test
    void missingRequiredFieldIsReportedByIndexWhenTheNameIsMissing() {
        List<SpecError> errors = errorsOf("""
                {"project": "p", "entities": [{"joinKeys": [{"name": "id", "type": "INT64"}]}]}
                """);

        assertThat(errors).extracting(SpecError::path).containsExactly("entities[0].name");
        assertThat(errors.get(0).message()).contains("missing required field 'name'");
    }

    @Test
    void misspelledRequiredFieldIsReportedAsMissingAndAsAMisspelling() {
        List<SpecError> errors = errorsOf("""
                {"project": "p", "sources": [{"name": "s", "pathh": "x.parquet", "timestampFeld": "ts",
                                             "comment": "unknown fields that look like nothing are ignored"}]}
                """);

        assertThat(errors).extracting(SpecError::path)
                .containsExactlyInAnyOrder("sources[s].path", "sources[s].pathh", "sources[s].timestampFeld");
        assertThat(errors).filteredOn(e -> e.path().endsWith("timestampFeld"))
                .singleElement().extracting(SpecError::fix).isEqualTo("did you mean 'timestampField'?");
    }

    @Test
    void wrongJsonTypesAreReported() {
        List<SpecError> errors = errorsOf("""
                {"project": 7, "featureViews": [{"name": "v", "entities": "driver", "source": "s",
                  "ttlSeconds": "1d", "online": "yes", "tags": {"team": 1},
                  "features": [{"name": "f", "type": "INT64"}], "aggregations": {}}],
                 "featureServices": [{"name": "svc", "features": ["v:f", 3]}]}
                """);

        assertThat(errors).extracting(SpecError::path).containsExactlyInAnyOrder(
                "project",
                "featureViews[v].entities",
                "featureViews[v].ttlSeconds",
                "featureViews[v].online",
                "featureViews[v].tags[team]",
                "featureViews[v].aggregations",
                "featureServices[svc].features[1]",
                "featureViews[v].source");
        assertThat(errors).filteredOn(e -> e.path().equals("featureViews[v].ttlSeconds")).singleElement()
                .extracting(SpecError::message).asString().contains("whole number", "\"1d\"");
    }

    @Test
    void everyStructuralErrorIsReportedAtOnce() {
        ObjectNode tree = SpecJson.toTree(Samples.rides());
        tree.remove("project");
        ((ObjectNode) tree.get("entities").get(0)).put("joinKeys", "driver_id");
        ((ObjectNode) tree.get("sources").get(1)).remove("path");
        ((ObjectNode) tree.get("featureViews").get(0).get("features").get(1)).put("type", "DOUBLE");
        ((ObjectNode) tree.get("featureViews").get(2).get("aggregations").get(0)).put("windowSeconds", 1.5);
        ((ObjectNode) tree.get("featureServices").get(0)).remove("features");
        List<String> paths = new ArrayList<>();

        assertThatThrownBy(() -> SpecJson.fromTree(tree))
                .isInstanceOfSatisfying(SpecInvalidException.class,
                        e -> e.errors().forEach(err -> paths.add(err.path())))
                .hasMessageStartingWith("6 errors in the spec");
        assertThat(paths).containsExactly(
                "project",
                "entities[driver].joinKeys",
                "sources[customer_daily].path",
                "featureViews[driver_stats].features[acc_rate].type",
                "featureViews[driver_activity].aggregations[trips_7d].windowSeconds",
                "featureServices[driver_ranking].features");
    }

    @Test
    void structuralAndSemanticErrorsAreReportedInOneRun() {
        List<SpecError> errors = errorsOf("""
                {"project": "rides",
                 "entities": [{"name": "driver", "joinKeys": [{"name": "driver_id", "type": "INT64"}]}],
                 "sources": [{"name": "hourly", "path": "data/hourly.parquet"}],
                 "featureViews": [{"name": "driver_stats", "entities": ["drivr"], "source": "hourly",
                                   "features": [{"name": "conv_rate", "type": "FLOAT65"}]}],
                 "featureServices": [{"name": "ranking", "features": ["driver_stats:acc_rate"]}]}
                """);

        assertThat(errors).extracting(SpecError::path).containsExactly(
                "featureViews[driver_stats].features[conv_rate].type",
                "featureViews[driver_stats].entities[drivr]",
                "featureServices[ranking].features[driver_stats:acc_rate]");
        assertThat(errors).allSatisfy(e -> assertThat(e.fix()).isNotBlank());
        assertThat(errors.get(1).fix()).contains("driver");
        assertThat(errors.get(2).fix()).contains("conv_rate");
    }

    @Test
    void placeholdersForUnreadableValuesRaiseNoErrorsOfTheirOwn() {
        List<SpecError> errors = errorsOf("""
                {"project": "p",
                 "entities": [{"name": "e", "joinKeys": [{"name": "id", "type": "INT64"}]}],
                 "sources": [{"name": "s", "path": "s.parquet"}],
                 "featureViews": [{"entities": ["e"], "source": "s", "ttlSeconds": "1d",
                                   "features": [{"name": "f", "type": "DOUBLE"}],
                                   "aggregations": [{"name": "f_sum", "function": "SUM", "column": "f",
                                                     "windowSeconds": 86400}]}]}
                """);

        // the view's missing name, the unreadable TTL and type: not "no name", "SUM of a STRING" or a TTL of 0
        assertThat(errors).extracting(SpecError::path).containsExactly(
                "featureViews[0].name", "featureViews[0].ttlSeconds", "featureViews[0].features[f].type");
    }

    @Test
    void syntaxErrorsAndNonObjectsAreSpecErrors() {
        assertThat(errorsOf("{\"project\": ")).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("$");
            assertThat(e.message()).contains("not valid JSON", "line 1");
        });
        assertThat(errorsOf("")).singleElement().extracting(SpecError::path).isEqualTo("$");
        assertThat(errorsOf("[1, 2]")).singleElement().extracting(SpecError::message).asString()
                .contains("expected the spec as a JSON object but found an array");
        assertThat(errorsOf("{\"project\": \"p\", \"entities\": [\"driver\"]}")).singleElement()
                .extracting(SpecError::path).isEqualTo("entities[0]");
    }

    @Test
    void moduleEmbedsTheCanonicalSpecInLargerDocuments() throws IOException {
        ObjectMapper mapper = new ObjectMapper().registerModule(SpecJson.module());
        record ApplyRequest(String author, RepoSpec spec) {
        }
        ApplyRequest request = new ApplyRequest("ana", Samples.rides());

        String text = mapper.writeValueAsString(request);
        JsonNode tree = mapper.readTree(text);

        assertThat(tree.get("spec").toString()).isEqualTo(SpecJson.toTree(Samples.rides()).toString());
        assertThat(mapper.readValue(text, ApplyRequest.class)).isEqualTo(request);
    }
}
