package dev.granary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.server.GranaryServer;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.Samples;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import dev.granary.spec.json.SpecJson;
import dev.granary.statistics.RidesData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Search and feature detail over real HTTP, on a fresh repository folder (embedded H2 registry, Lucene catalog
 * under {@code .granary/}) holding Parquet data for {@code Samples.rides()}, applied with {@code stats=true}.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogApiTest {
    private static final Path REPO = temporaryRepository();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RepoSpec RIDES = Samples.rides();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, REPO::toString);
    }

    @BeforeEach
    void applyWithStatistics() throws Exception {
        HttpResponse<String> applied = http.send(HttpRequest.newBuilder(uri("/api/v1/apply?author=alice&stats=true"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SpecJson.write(RIDES))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(applied.headers().firstValue("X-Granary-Statistics-Error")).isEmpty();
    }

    @Test
    void searchFindsAFeatureByATypoAndByItsDescription() throws Exception {
        JsonNode typo = get("/api/v1/search?q=conv_rtae&type=feature", 200);
        JsonNode first = typo.path("hits").get(0);
        assertThat(first.path("name").asText()).isEqualTo("conv_rate");
        assertThat(first.path("view").asText()).isEqualTo("driver_stats");
        assertThat(first.path("kind").asText()).isEqualTo("feature");
        assertThat(first.path("type").asText()).isEqualTo("FLOAT64");
        assertThat(first.path("project").asText()).isEqualTo("rides");
        assertThat(first.path("score").asDouble()).isPositive();
        assertThat(first.path("stats").path("kind").asText()).isEqualTo("numeric");

        JsonNode described = get("/api/v1/search?q=" + URLEncoder.encode("marketing segment", StandardCharsets.UTF_8), 200);
        assertThat(described.path("hits").get(0).path("name").asText()).isEqualTo("segment");
        assertThat(described.path("hits").get(0).path("highlights").path("description").asText()).contains("<em>");
    }

    @Test
    void facetCountsAreExactAndFiltersNarrow() throws Exception {
        long features = RIDES.featureViews().stream().mapToLong(v -> v.featureNames().size()).sum();
        long categorical = RIDES.featureViews().stream().flatMap(v -> v.features().stream())
                .filter(f -> f.type() == ValueType.STRING || f.type() == ValueType.BOOL).count();

        JsonNode all = get("/api/v1/search?project=rides&limit=200", 200);
        assertThat(all.path("facets").path("type").path("feature").asLong()).isEqualTo(features);
        assertThat(all.path("facets").path("type").path("feature_view").asLong()).isEqualTo(RIDES.featureViews().size());
        assertThat(all.path("facets").path("kind").path("categorical").asLong()).isEqualTo(categorical);
        assertThat(all.path("facets").path("kind").path("numeric").asLong()).isEqualTo(features - categorical);
        assertThat(all.path("total").asLong()).isEqualTo(all.path("hits").size());

        JsonNode rides = get("/api/v1/search?project=rides&type=feature&owner=rides-team&limit=200", 200);
        long ridesTeamFeatures = RIDES.featureViews().stream().filter(v -> v.owner().equals("rides-team"))
                .mapToLong(v -> v.featureNames().size()).sum();
        assertThat(rides.path("total").asLong()).isEqualTo(ridesTeamFeatures);
        rides.path("hits").forEach(h -> assertThat(h.path("owner").asText()).isEqualTo("rides-team"));
    }

    @Test
    void badSearchParametersAreRejectedNamingTheField() throws Exception {
        assertThat(get("/api/v1/search?q=rate&limit=0", 400).path("field").asText()).isEqualTo("limit");
        assertThat(get("/api/v1/search?q=rate&limit=abc", 400).path("field").asText()).isEqualTo("limit");
        assertThat(get("/api/v1/search?q=rate&offset=-1", 400).path("field").asText()).isEqualTo("offset");
        JsonNode badType = get("/api/v1/search?q=rate&type=table", 400);
        assertThat(badType.path("field").asText()).isEqualTo("type");
        assertThat(badType.path("message").asText()).contains("feature_view");
        assertThat(get("/api/v1/search?kind=big", 400).path("field").asText()).isEqualTo("kind");
    }

    @Test
    void featureDetailHasDefinitionStatisticsLineageUsageAndFreshness() throws Exception {
        JsonNode detail = get("/api/v1/projects/rides/features/driver_stats/conv_rate", 200);

        assertThat(detail.path("definition").path("type").asText()).isEqualTo("FLOAT64");
        assertThat(detail.path("definition").path("sourceColumn").asText()).isEqualTo("conv_rate");
        assertThat(detail.path("definition").path("description").asText()).contains("converted");
        assertThat(detail.path("definition").path("entities").get(0).asText()).isEqualTo("driver");
        assertThat(detail.path("definition").path("owner").asText()).isEqualTo("rides-team");

        JsonNode stats = detail.path("statistics").path("stats");
        long nulls = IntStream.range(0, RidesData.DRIVER_ROWS).filter(i -> RidesData.convRate(i) == null).count();
        assertThat(stats.path("count").asLong()).isEqualTo(RidesData.DRIVER_ROWS);
        assertThat(stats.path("nullCount").asLong()).isEqualTo(nulls);
        assertThat(stats.path("kind").asText()).isEqualTo("NUMERIC");
        assertThat(stats.path("min").asDouble()).isEqualTo(IntStream.range(0, RidesData.DRIVER_ROWS)
                .mapToObj(RidesData::convRate).filter(v -> v != null).mapToDouble(Double::doubleValue).min().orElseThrow());
        assertThat(stats.path("quantiles")).hasSize(7);
        assertThat(detail.path("statistics").path("specVersion").asInt()).isEqualTo(detail.path("specVersion").asInt());

        assertThat(detail.path("lineage").path("source").path("name").asText()).isEqualTo("driver_hourly");
        assertThat(detail.path("lineage").path("view").asText()).isEqualTo("driver_stats");
        assertThat(detail.path("lineage").path("featureServices").get(0).asText()).isEqualTo("driver_ranking");
        assertThat(detail.path("usage").path("services").asInt()).isEqualTo(1);
        assertThat(detail.path("freshness").path("newestEventTime").asText())
                .isEqualTo(RidesData.T0.plusSeconds(3600L * (RidesData.DRIVER_ROWS - 1)).toString());
        assertThat(detail.path("freshness").path("watermark").isTextual()).as("never materialized: null or absent").isFalse();

        JsonNode aggregation = get("/api/v1/projects/rides/features/driver_activity/trips_7d", 200);
        assertThat(aggregation.path("definition").path("kind").asText()).isEqualTo("aggregation");
        assertThat(aggregation.path("definition").path("aggregation").path("function").asText()).isEqualTo("SUM");
        assertThat(aggregation.path("statistics").path("stats").path("basis").asText()).isEqualTo("AGGREGATION_INPUT");
    }

    @Test
    void statisticsAloneAreComputedOnRequestAndBadFieldsAreNamed() throws Exception {
        HttpResponse<String> computed = post("/api/v1/projects/rides/statistics", "{\"views\": [\"driver_stats\"]}");
        assertThat(computed.statusCode()).as(computed.body()).isEqualTo(200);
        JsonNode rows = JSON.readTree(computed.body());
        assertThat(rows.findValuesAsText("view")).isNotEmpty().allMatch("driver_stats"::equals);
        assertThat(rows.findValuesAsText("feature")).contains("conv_rate");
        assertThat(rows.get(0).path("specVersion").asInt()).isPositive();

        HttpResponse<String> everything = post("/api/v1/projects/rides/statistics", "");
        assertThat(everything.statusCode()).as(everything.body()).isEqualTo(200);
        assertThat(JSON.readTree(everything.body()).size()).isGreaterThan(rows.size());

        HttpResponse<String> badStart = post("/api/v1/projects/rides/statistics", "{\"start\": \"monday\"}");
        assertThat(badStart.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badStart.body()).path("field").asText()).isEqualTo("start");
        HttpResponse<String> unknownView = post("/api/v1/projects/rides/statistics", "{\"views\": [\"nope\"]}");
        assertThat(unknownView.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknownView.body()).path("field").asText()).isEqualTo("views");
        assertThat(post("/api/v1/projects/nobody/statistics", "").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnknownFeatureIsNotFoundNamingIt() throws Exception {
        JsonNode missing = get("/api/v1/projects/rides/features/driver_stats/nope", 404);
        assertThat(missing.path("field").asText()).isEqualTo("feature");
        assertThat(missing.path("message").asText()).contains("nope").contains("conv_rate");
        assertThat(get("/api/v1/projects/rides/features/no_view/conv_rate", 404).path("field").asText()).isEqualTo("view");
    }

    @Test
    void statisticsThatFailAfterAnApplyAreReportedAndTheVersionStays() throws Exception {
        RepoSpec elsewhere = new RepoSpec("rides_elsewhere", RIDES.entities(), RIDES.sources().stream()
                .map(s -> new SourceSpec(s.name(), s.type(), "missing/" + s.path(), s.timestampField(),
                        s.createdTimestampField(), s.description())).toList(), RIDES.featureViews(),
                RIDES.featureServices());

        HttpResponse<String> applied = http.send(HttpRequest.newBuilder(
                        uri("/api/v1/apply?author=alice&stats=true&skipDataChecks=true"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SpecJson.write(elsewhere))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(applied.headers().firstValue("X-Granary-Statistics-Error")).get().asString()
                .contains("missing/data/driver_hourly.parquet");
        assertThat(JSON.readTree(applied.body()).path("version").asInt()).isEqualTo(1);
        assertThat(get("/api/v1/projects/rides_elsewhere/features/driver_stats/conv_rate", 200).path("statistics")
                .isObject()).as("no statistics stored").isFalse();
        assertThat(get("/api/v1/search?project=rides_elsewhere&q=conv_rate", 200).path("total").asLong())
                .as("the catalog has the version all the same").isPositive();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Path temporaryRepository() {
        try {
            Path repo = Files.createTempDirectory("granary-catalog-api-test");
            RidesData.write(repo);
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
