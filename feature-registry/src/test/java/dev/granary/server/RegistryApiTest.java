package dev.granary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.registry.Specs;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The registry REST API over real HTTP, on the embedded H2 default of a fresh repository folder. Each test uses
 * its own project name.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryApiTest {
    private static final Path REPO = temporaryRepository();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, REPO::toString);
    }

    @Test
    void applyReturnsTheVersionAndASecondApplyShowsTheDiff() throws Exception {
        Response first = post("/api/v1/apply?author=alice", SpecJson.write(rides("api_apply")));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("version").asInt()).isEqualTo(1);
        assertThat(first.json().path("changed").asBoolean()).isTrue();

        Response second = post("/api/v1/apply?author=bob", SpecJson.write(withExtraFeature(rides("api_apply"))));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("version").asInt()).isEqualTo(2);
        assertThat(second.json().path("diff").path("text").asText()).contains("cancel_rate");

        Response history = get("/api/v1/projects/api_apply/versions");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json()).hasSize(2);
        assertThat(history.json().get(0).path("version").asInt()).isEqualTo(2);
        assertThat(history.json().get(0).path("author").asText()).isEqualTo("bob");
        assertThat(history.json().get(0).path("appliedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        Response current = get("/api/v1/projects/api_apply");
        assertThat(current.status()).isEqualTo(200);
        assertThat(SpecJson.read(current.body())).isEqualTo(withExtraFeature(rides("api_apply")));
    }

    @Test
    void applyChecksTheSpecAgainstItsParquetData() throws Exception {
        Response response = postAsIs("/api/v1/apply", SpecJson.write(rides("api_data")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("SPEC_INVALID");
        assertThat(response.body()).contains("sources[driver_hourly].path").doesNotContain("Exception");
        assertThat(get("/api/v1/projects/api_data/versions").status()).isEqualTo(404);
    }

    @Test
    void planShowsTheDiffWithoutApplying() throws Exception {
        post("/api/v1/apply", SpecJson.write(rides("api_plan")));

        Response plan = post("/api/v1/plan", SpecJson.write(withExtraFeature(rides("api_plan"))));

        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.json().path("currentVersion").asInt()).isEqualTo(1);
        assertThat(plan.json().path("diff").path("empty").asBoolean()).isFalse();
        assertThat(get("/api/v1/projects/api_plan/versions").json()).hasSize(1);
    }

    @Test
    void rollbackCreatesANewVersionWithTheOldSpec() throws Exception {
        post("/api/v1/apply", SpecJson.write(rides("api_rollback")));
        post("/api/v1/apply", SpecJson.write(withExtraFeature(rides("api_rollback"))));

        Response rollback = post("/api/v1/projects/api_rollback/rollback/1?author=carol", "");

        assertThat(rollback.status()).isEqualTo(200);
        assertThat(rollback.json().path("version").asInt()).isEqualTo(3);
        Response v3 = get("/api/v1/projects/api_rollback/versions/3");
        assertThat(v3.json().path("rolledBackFrom").asInt()).isEqualTo(1);
        assertThat(SpecJson.fromTree(v3.json().path("spec"))).isEqualTo(rides("api_rollback"));
    }

    @Test
    void invalidSpecIs400ListingEveryErrorWithItsPath() throws Exception {
        Response response = post("/api/v1/apply", SpecJson.write(withTwoErrors(rides("api_invalid"))));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("SPEC_INVALID");
        List<String> paths = new ArrayList<>();
        response.json().path("errors").forEach(e -> paths.add(e.path("path").asText()));
        assertThat(paths).hasSizeGreaterThanOrEqualTo(2);
        assertThat(paths).anyMatch(p -> p.contains("driver_stats"));
        assertThat(response.json().path("errors").get(0).has("fix")).isTrue();
        assertThat(get("/api/v1/projects/api_invalid").status()).isEqualTo(404);
    }

    @Test
    void unknownTypeUnknownEntityAndMissingFeatureAreAllIn400OnPlanAndApply() throws Exception {
        String spec = """
                {"project": "api_three",
                 "entities": [{"name": "driver", "joinKeys": [{"name": "driver_id", "type": "INT64"}]}],
                 "sources": [{"name": "hourly", "path": "data/hourly.parquet"}],
                 "featureViews": [{"name": "driver_stats", "entities": ["drivr"], "source": "hourly",
                                   "features": [{"name": "conv_rate", "type": "FLOAT65"}]}],
                 "featureServices": [{"name": "ranking", "features": ["driver_stats:acc_rate"]}]}
                """;

        for (String endpoint : List.of("/api/v1/plan", "/api/v1/apply")) {
            Response response = post(endpoint, spec);

            assertThat(response.status()).as(endpoint).isEqualTo(400);
            List<String> paths = new ArrayList<>();
            response.json().path("errors").forEach(e -> {
                paths.add(e.path("path").asText());
                assertThat(e.path("fix").asText()).as(endpoint).isNotBlank();
            });
            assertThat(paths).as(endpoint).containsExactly("featureViews[driver_stats].features[conv_rate].type",
                    "featureViews[driver_stats].entities[drivr]",
                    "featureServices[ranking].features[driver_stats:acc_rate]");
            assertThat(response.body()).doesNotContain("Exception");
        }
    }

    @Test
    void staleBasedOnVersionIs409() throws Exception {
        post("/api/v1/apply", SpecJson.write(rides("api_stale")));
        post("/api/v1/apply", SpecJson.write(withExtraFeature(rides("api_stale"))));

        Response stale = post("/api/v1/apply?basedOnVersion=1", SpecJson.write(rides("api_stale")));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().path("error").asText()).isEqualTo("STALE_VERSION");
        assertThat(stale.json().path("message").asText()).contains("moved from version 1 to 2");
    }

    @Test
    void breakingChangeIs409UnlessForced() throws Exception {
        post("/api/v1/apply", SpecJson.write(rides("api_breaking")));
        String breaking = SpecJson.write(withConvRateAsString(rides("api_breaking")));

        assertThat(post("/api/v1/apply", breaking).json().path("error").asText()).isEqualTo("BREAKING_CHANGE");
        Response forced = post("/api/v1/apply?force=true", breaking);
        assertThat(forced.status()).isEqualTo(200);
        assertThat(forced.json().path("diff").path("breaking").asBoolean()).isTrue();
    }

    @Test
    void malformedJsonIs400JsonWithoutStackTrace() throws Exception {
        Response response = post("/api/v1/apply", "{\"project\": \"x\", ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("SPEC_INVALID");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.granary");
    }

    @Test
    void wrongContentTypeIs415Json() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/apply"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build();
        Response response = send(request);

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.json().path("error").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void unknownProjectAndVersionAndRouteAre404Json() throws Exception {
        Response project = get("/api/v1/projects/nobody_here/versions");
        assertThat(project.status()).isEqualTo(404);
        assertThat(project.json().path("error").asText()).isEqualTo("NOT_FOUND");
        assertThat(project.json().path("message").asText()).contains("nobody_here");

        post("/api/v1/apply", SpecJson.write(rides("api_notfound")));
        Response version = get("/api/v1/projects/api_notfound/versions/9");
        assertThat(version.status()).isEqualTo(404);
        assertThat(version.json().path("field").asText()).isEqualTo("version");

        Response route = get("/api/v1/no-such-thing");
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.json().path("error").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void wrongMethodIs405AndBadNumberIs400() throws Exception {
        Response method = send(HttpRequest.newBuilder(uri("/api/v1/apply")).GET().build());
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.json().path("error").asText()).isEqualTo("METHOD_NOT_ALLOWED");

        Response number = get("/api/v1/projects/x/versions/latest");
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.json().path("field").asText()).isEqualTo("version");
    }

    @Test
    void catalogEndpointsServeTheCurrentSpec() throws Exception {
        post("/api/v1/apply", SpecJson.write(rides("api_catalog")));

        assertThat(get("/api/v1/projects/api_catalog/entities").json()).extracting(n -> n.path("name").asText())
                .contains("driver", "customer");
        assertThat(get("/api/v1/projects/api_catalog/feature-views/driver_stats").json().path("features"))
                .extracting(n -> n.path("name").asText()).contains("conv_rate");
        assertThat(get("/api/v1/projects/api_catalog/feature-views/nope").status()).isEqualTo(404);
        assertThat(get("/api/v1/projects/api_catalog/feature-services").json()).hasSize(1);
        assertThat(get("/api/v1/projects").json()).extracting(n -> n.path("name").asText()).contains("api_catalog");
    }

    @Test
    void healthAndReadinessAnswer() throws Exception {
        assertThat(get("/health").json().path("status").asText()).isEqualTo("UP");
        Response ready = get("/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("registry").asText()).isEqualTo("UP");
    }

    // ---- helpers

    private record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON: " + body, e);
            }
        }
    }

    private Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** Posts to the API; plan and apply skip the data checks: these tests are about versions, not data. */
    private Response post(String path, String body) throws Exception {
        boolean specCall = path.startsWith("/api/v1/apply") || path.startsWith("/api/v1/plan");
        String target = specCall ? path + (path.contains("?") ? "&" : "?") + "skipDataChecks=true" : path;
        return postAsIs(target, body);
    }

    private Response postAsIs(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Response send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Path temporaryRepository() {
        try {
            return Files.createTempDirectory("granary-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RepoSpec rides(String project) {
        return Specs.rides(project);
    }

    private static RepoSpec withExtraFeature(RepoSpec spec) {
        return Specs.withExtraFeature(spec, "cancel_rate");
    }

    private static RepoSpec withConvRateAsString(RepoSpec spec) {
        return Specs.withConvRateAsString(spec);
    }

    private static RepoSpec withTwoErrors(RepoSpec spec) {
        return Specs.withTwoErrors(spec);
    }
}
