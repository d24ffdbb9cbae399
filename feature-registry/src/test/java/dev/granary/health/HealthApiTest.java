package dev.granary.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.serving.Http;
import dev.granary.serving.OnlinePort;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.server.GranaryServer;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.LoggingSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end on a running server: lookups by a logging service on both ports are logged, a training set is
 * exported, and {@code GET .../feature-services/{s}/health} compares the two (skew); before the export it checks
 * drift of the sources. Errors name their field.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HealthApiTest {
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(temporaryFolder(),
            "health_" + UUID.randomUUID().toString().substring(0, 8), 60, 10, "server:\n  onlinePort: 0");

    @LocalServerPort
    int port;
    @Autowired
    OnlinePort onlinePort;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, () -> REPO.dir().toString());
    }

    static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("granary-health-api");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test repository's spec with service {@code ranking} logging every lookup. */
    private static RepoSpec loggingSpec() {
        RepoSpec spec = REPO.spec();
        List<FeatureServiceSpec> services = spec.featureServices().stream().map(s -> s.name().equals("ranking")
                ? new FeatureServiceSpec(s.name(), s.features(), s.owner(), s.tags(), s.description(),
                new LoggingSpec(1.0), List.of()) : s).toList();
        return new RepoSpec(spec.project(), spec.entities(), spec.sources(), spec.featureViews(), services,
                spec.pushSources());
    }

    @Test
    void lookupsOnBothPortsAreLoggedAndComparedWithTheTrainingSet() {
        Http http = new Http(port);
        Http serving = new Http(onlinePort.port().orElseThrow());
        String base = "/api/v1/projects/" + REPO.project();
        RepoSpec spec = loggingSpec();
        Http.Response applied = http.post("/api/v1/apply?author=test", SpecJson.write(spec));
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        Instant now = REPO.now();
        Http.Response materialize = http.post(base + "/materializations", Map.of("start",
                now.minus(Duration.ofDays(1)).toString(), "end", now.toString(),
                "views", List.of("driver_stats", "customer_stats")));
        assertThat(http.awaitJob(materialize.json().path("id").asText()).path("status").asText()).isEqualTo("SUCCEEDED");

        // drift: no training set yet
        Http.Response drift = http.get(base + "/feature-services/ranking/health?window=2h");
        assertThat(drift.status()).as(drift.body()).isEqualTo(200);
        assertThat(drift.json().path("mode").asText()).isEqualTo("drift");
        assertThat(drift.json().path("features").findValuesAsText("name"))
                .containsExactlyInAnyOrder("driver_stats:conv_rate", "driver_stats:trips", "customer_stats:level");

        for (Http port : List.of(http, serving)) {
            for (int i = 0; i < 5; i++) {
                Http.Response lookup = port.post("/get-online-features", Map.of("feature_service", "ranking",
                        "entities", Map.of("driver_id", List.of(1 + i, 2 + i, 999), "customer_id",
                                List.of("c1", "c2", "c404"))));
                assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);
            }
        }

        List<Object[]> entities = new ArrayList<>();
        for (long d = 1; d <= REPO.drivers(); d++) {
            entities.add(new Object[] {d, "c" + (1 + d % REPO.customers()), now});
        }
        ParquetTables.write(REPO.dir().resolve("entities.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("customer_id", ValueType.STRING), new Column("event_timestamp", ValueType.TIMESTAMP)),
                entities);
        Http.Response export = http.post(base + "/training-sets", Map.of("entities", "entities.parquet",
                "features", spec.featureService("ranking").orElseThrow().features(), "output", "out/train.parquet"));
        assertThat(export.status()).as(export.body()).isEqualTo(202);
        JsonNode exported = http.awaitJob(export.json().path("id").asText());
        assertThat(exported.path("status").asText()).as(exported.toString()).isEqualTo("SUCCEEDED");
        String trainingSet = exported.path("result").path("id").asText();

        // the log is written off the request path within seconds: poll until the check sees all 30 rows
        JsonNode report = null;
        for (int i = 0; i < 240; i++) {
            report = http.get(base + "/feature-services/ranking/health").json();
            JsonNode current = report.path("features").get(0).path("current");
            if (current.path("count").asLong() == 30) {
                break;
            }
            sleep();
        }
        assertThat(report.path("mode").asText()).as(report.toString()).isEqualTo("skew");
        assertThat(report.path("reference").asText()).isEqualTo("training set " + trainingSet);
        for (JsonNode feature : report.path("features")) {
            assertThat(feature.path("current").path("count").asLong()).as(feature.toString()).isEqualTo(30);
            // driver 999 and customer c404 are not stored: a third of the values served are NOT_FOUND
            assertThat(feature.path("measures").findValues("measure").stream().map(JsonNode::asText).toList())
                    .contains("notFoundRate");
        }
        JsonNode level = null;
        for (JsonNode feature : report.path("features")) {
            if (feature.path("name").asText().equals("customer_stats:level")) {
                level = feature;
            }
        }
        assertThat(level).isNotNull();
        assertThat(level.path("status").asText()).isEqualTo("alert");
        assertThat(level.path("causes").findValuesAsText("measure")).contains("notFoundRate");

        Http.Response named = http.get(base + "/feature-services/ranking/health?reference=" + trainingSet);
        assertThat(named.status()).as(named.body()).isEqualTo(200);
        Http.Response badWindow = http.get(base + "/feature-services/ranking/health?window=soon");
        assertThat(badWindow.status()).isEqualTo(400);
        assertThat(badWindow.json().path("field").asText()).isEqualTo("window");
        Http.Response unknown = http.get(base + "/feature-services/nope/health");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("field").asText()).isEqualTo("service");
        Http.Response unknownSet = http.get(base + "/feature-services/ranking/health?reference=nope");
        assertThat(unknownSet.status()).isEqualTo(404);
        assertThat(unknownSet.json().path("field").asText()).isEqualTo("reference");
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
