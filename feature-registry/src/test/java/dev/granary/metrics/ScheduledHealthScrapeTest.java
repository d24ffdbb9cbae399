package dev.granary.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.health.DriftedRepo;
import dev.granary.server.GranaryServer;
import dev.granary.serving.Http;
import dev.granary.spec.RepoSpec;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A server with {@code monitoring.interval} set, over data that drifted ({@link DriftedRepo}): its rounds store
 * checks of the logging service, {@code GET .../health/history} answers them (by feature, by limit; typed 404 and
 * 400 otherwise), and {@code GET /metrics} shows each feature's status and PSI from the latest check.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScheduledHealthScrapeTest {
    private static final Path DIR = temporaryFolder();
    private static final String P = "monitored_" + UUID.randomUUID().toString().substring(0, 8);
    private static final RepoSpec SPEC = DriftedRepo.write(DIR, P, Instant.now(),
            "monitoring:\n  interval: 2s\n  retention: 1h");
    private static final String HISTORY = "/api/v1/projects/" + P + "/feature-services/watched/health/history";
    private static boolean applied;

    @LocalServerPort
    int port;

    Http http;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, DIR::toString);
    }

    @BeforeEach
    void apply() {
        http = new Http(port);
        if (!applied) {
            Http.Response response = http.post("/api/v1/apply?author=test", SpecJson.write(SPEC));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            applied = true;
        }
    }

    @Test
    void theLatestScheduledCheckIsStoredAndShownAsGauges() {
        JsonNode latest = awaitChecks(1).path("checks").get(0);
        assertThat(latest.path("mode").asText()).isEqualTo("drift");
        assertThat(latest.path("status").asText()).isEqualTo("alert");
        assertThat(names(latest)).containsExactly("metrics:city", "metrics:mean_shift", "metrics:stable");
        assertThat(statuses(latest)).containsExactly("alert", "alert", "ok");

        Scrape scrape = Scrape.of(port);
        for (JsonNode feature : latest.path("features")) {
            double rank = switch (feature.path("status").asText()) {
                case "ok" -> 0;
                case "warn" -> 1;
                default -> 2;
            };
            assertThat(scrape.value("granary_feature_health_status", labels(feature.path("name").asText())))
                    .as(feature.path("name").asText()).isEqualTo(rank);
        }
        assertThat(scrape.value("granary_feature_health_psi", labels("metrics:mean_shift"))).isGreaterThan(0.2);
        assertThat(scrape.all("granary_feature_health_psi", labels("metrics:stable")))
                .singleElement().satisfies(s -> assertThat(s.value()).isBetween(0.0, 0.1));
        assertThat(scrape.all("granary_feature_health_psi", labels("metrics:city")))
                .as("a categorical feature has no PSI").isEmpty();
        assertThat(scrape.all("granary_feature_health_status", Map.of("project", P))).hasSize(3);
        assertThat(scrape.value("granary_health_checks_total",
                Map.of("project", P, "service", "watched", "result", "ok"))).isGreaterThanOrEqualTo(1);
        // "unwatched" does not log: never checked on schedule
        assertThat(scrape.all("granary_feature_health_status", Map.of("service", "unwatched"))).isEmpty();
        assertThat(http.get("/api/v1/projects/" + P + "/feature-services/unwatched/health/history").json()
                .path("checks")).isEmpty();
    }

    @Test
    void historyAnswersByFeatureAndLimitAndNamesWhatItCannotAnswer() {
        awaitChecks(2);
        Http.Response one = http.get(HISTORY + "?limit=1");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().path("checks")).hasSize(1);
        assertThat(one.json().path("service").asText()).isEqualTo("watched");

        Http.Response byFeature = http.get(HISTORY + "?feature=metrics:mean_shift&limit=5");
        assertThat(byFeature.status()).as(byFeature.body()).isEqualTo(200);
        assertThat(byFeature.json().path("feature").asText()).isEqualTo("metrics:mean_shift");
        JsonNode checks = byFeature.json().path("checks");
        assertThat(checks.size()).isBetween(2, 5);
        List<Instant> times = new ArrayList<>();
        for (JsonNode check : checks) {
            assertThat(names(check)).containsExactly("metrics:mean_shift");
            assertThat(check.path("features").get(0).path("reference").path("histogram")).isNotEmpty();
            times.add(Instant.parse(check.path("checkedAt").asText()));
        }
        assertThat(times).as("newest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());

        refused("/api/v1/projects/" + P + "/feature-services/nope/health/history", 404, "service");
        assertThat(http.get("/api/v1/projects/nope_" + P + "/feature-services/watched/health/history").status())
                .isEqualTo(404);
        refused(HISTORY + "?limit=0", 400, "limit");
        refused(HISTORY + "?limit=1001", 400, "limit");
        refused(HISTORY + "?limit=many", 400, "limit");
        refused(HISTORY + "?feature=metrics:nope", 400, "feature");
    }

    private void refused(String path, int status, String field) {
        Http.Response answer = http.get(path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().path("field").asText()).as(answer.body()).isEqualTo(field);
        assertThat(answer.json().path("message").asText()).as(answer.body()).contains(field.equals("service")
                ? "nope" : field);
    }

    /** The history once it holds {@code n} checks (the first round runs 2 s after start; the machine may be slow). */
    private JsonNode awaitChecks(int n) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode history = null;
        while (System.nanoTime() < deadline) {
            Http.Response answer = http.get(HISTORY);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            history = answer.json();
            if (history.path("checks").size() >= n) {
                return history;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("fewer than " + n + " scheduled checks stored in 3 minutes: " + history);
    }

    private static Map<String, String> labels(String feature) {
        return Map.of("project", P, "service", "watched", "feature", feature);
    }

    private static List<String> names(JsonNode check) {
        return check.path("features").findValuesAsText("name");
    }

    private static List<String> statuses(JsonNode check) {
        List<String> out = new ArrayList<>();
        check.path("features").forEach(f -> out.add(f.path("status").asText()));
        return out;
    }

    private static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("granary-scheduled-health");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
