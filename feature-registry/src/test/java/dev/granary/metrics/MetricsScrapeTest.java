package dev.granary.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.server.GranaryServer;
import dev.granary.serving.Http;
import dev.granary.serving.OnlinePort;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Scrapes {@code GET /metrics} on both ports before and after real traffic (lookups on both ports, a push, an
 * incremental materialization) and finds each metric moved by exactly what the traffic did: the lookup histogram's
 * count, the entity rows, one counter per status answered, the rows pushed and materialized, the job's duration,
 * the ignored Feast fields, and a freshness series for the materialized view.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsScrapeTest {
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(temporaryFolder(),
            "metrics_" + UUID.randomUUID().toString().substring(0, 8), 20, 4, "server:\n  onlinePort: 0");
    private static final String P = REPO.project();
    private static boolean applied;

    @LocalServerPort
    int port;
    @Autowired
    OnlinePort onlinePort;

    Http main;
    Http serving;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, () -> REPO.dir().toString());
    }

    @BeforeEach
    void apply() {
        main = new Http(port);
        serving = new Http(onlinePort.port().orElseThrow());
        if (!applied) {
            Http.Response response = main.post("/api/v1/apply?author=test", SpecJson.write(REPO.spec()));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            applied = true;
        }
    }

    @Test
    void bothPortsAnswerPrometheusText() {
        for (int each : List.of(port, onlinePort.port().orElseThrow())) {
            Scrape scrape = Scrape.of(each);
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.contentType()).startsWith("text/plain");
            assertThat(scrape.samples()).isNotEmpty();
            assertThat(scrape.value("granary_online_circuit_state", Map.of("state", "closed"))).isEqualTo(1.0);
            assertThat(scrape.value("granary_online_circuit_state", Map.of("state", "open"))).isEqualTo(0.0);
            assertThat(scrape.all("jvm_memory_used_bytes", Map.of())).isNotEmpty();
            // the registry database's connection failures (none here)
            assertThat(scrape.all("granary_registry_errors_total", Map.of())).hasSize(1);
            assertThat(scrape.value("granary_registry_errors_total", Map.of())).isEqualTo(0.0);
        }
    }

    @Test
    void lookupsOnBothPortsMoveTheHistogramTheEntityRowsAndTheStatuses() {
        Http.Response materialized = main.post("/materialize", Map.of("start_ts", "2020-01-01T00:00:00",
                "end_ts", Instant.now().minusSeconds(1).toString(),
                "feature_views", List.of("driver_stats", "customer_stats")));
        assertThat(materialized.status()).as(materialized.body()).isEqualTo(200);
        Map<String, String> adHoc = Map.of("project", P, "service", GranaryMetrics.AD_HOC);
        Map<String, String> ranking = Map.of("project", P, "service", "ranking");
        Scrape before = Scrape.of(port);

        Map<String, Long> adHocStatuses = new LinkedHashMap<>();
        Http.Response first = main.post("/get-online-features", Map.of(
                "features", List.of("driver_stats:conv_rate", "driver_stats:trips"),
                "entities", Map.of("driver_id", List.of(1, 2, 13, 999_999))));
        count(first, 1, adHocStatuses);
        Http.Response second = serving.post("/get-online-features", Map.of(
                "features", List.of("driver_stats:conv_rate"),
                "entities", Map.of("driver_id", List.of(3, 888_888))));
        count(second, 1, adHocStatuses);
        Map<String, Long> rankingStatuses = new LinkedHashMap<>();
        Http.Response third = serving.post("/get-online-features", Map.of("feature_service", "ranking",
                "entities", Map.of("driver_id", List.of(4, 5, 6), "customer_id", List.of("c1", "c404", "c2"))));
        count(third, 2, rankingStatuses);
        assertThat(adHocStatuses).containsKeys("PRESENT", "NOT_FOUND");
        assertThat(rankingStatuses).containsKeys("PRESENT", "NOT_FOUND");

        // read on the serving port: one registry, whichever port is scraped
        Scrape after = Scrape.of(onlinePort.port().orElseThrow());
        assertThat(delta(before, after, "granary_lookup_duration_seconds_count", adHoc)).isEqualTo(2);
        assertThat(delta(before, after, "granary_lookup_duration_seconds_count", ranking)).isEqualTo(1);
        assertThat(delta(before, after, "granary_lookup_duration_seconds_sum", adHoc)).isPositive();
        // the histogram: cumulative buckets, the last one (+Inf) holding every lookup
        List<Scrape.Sample> buckets = after.all("granary_lookup_duration_seconds_bucket", adHoc);
        assertThat(buckets.size()).isGreaterThan(10);
        assertThat(after.value("granary_lookup_duration_seconds_bucket", with(adHoc, "le", "+Inf")))
                .isEqualTo(after.value("granary_lookup_duration_seconds_count", adHoc));
        assertThat(delta(before, after, "granary_lookup_entities_rows_sum", adHoc)).isEqualTo(6);
        assertThat(delta(before, after, "granary_lookup_entities_rows_sum", ranking)).isEqualTo(3);
        assertThat(delta(before, after, "granary_lookup_entities_rows_bucket", with(ranking, "le", "5.0")))
                .isEqualTo(1);
        for (String status : List.of("PRESENT", "NOT_FOUND", "NULL_VALUE", "OUTSIDE_MAX_AGE")) {
            assertThat(delta(before, after, "granary_lookup_values_total", with(adHoc, "status", status)))
                    .as("ad-hoc " + status).isEqualTo(adHocStatuses.getOrDefault(status, 0L).doubleValue());
            assertThat(delta(before, after, "granary_lookup_values_total", with(ranking, "status", status)))
                    .as("ranking " + status).isEqualTo(rankingStatuses.getOrDefault(status, 0L).doubleValue());
        }
    }

    @Test
    void aFailedLookupIsCountedByItsCode() {
        Scrape before = Scrape.of(port);
        Http.Response response = serving.post("/get-online-features", Map.of("feature_service", "no_such_service",
                "entities", Map.of("driver_id", List.of(1))));
        assertThat(response.status()).isEqualTo(404);
        Scrape after = Scrape.of(port);
        assertThat(delta(before, after, "granary_lookup_failures_total", Map.of("code", "FEATURE_SERVICE_NOT_FOUND")))
                .isEqualTo(1);
    }

    @Test
    void aPushCountsItsRowsPerViewAndResult() {
        Scrape before = Scrape.of(port);
        String time = Instant.now().minusSeconds(5).toString();
        Http.Response pushed = serving.post("/push", Map.of("push_source_name", "driver_stats", "to", "online",
                "df", Map.of("driver_id", List.of(101, 102, 103), "event_timestamp", List.of(time, time, time),
                        "trips", List.of(1, 2, 3))));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        // the same rows again: not newer than what the store holds now
        Http.Response again = main.post("/push", Map.of("push_source_name", "driver_stats", "to", "online",
                "df", Map.of("driver_id", List.of(101, 102), "event_timestamp", List.of(time, time),
                        "trips", List.of(1, 2))));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        Scrape after = Scrape.of(port);
        Map<String, String> view = Map.of("project", P, "view", "driver_stats");
        assertThat(delta(before, after, "granary_push_rows_total", with(view, "result", "written"))).isEqualTo(3);
        assertThat(delta(before, after, "granary_push_rows_total", with(view, "result", "not_newer"))).isEqualTo(2);
    }

    @Test
    void fieldsFeastClientsSendThatGranaryIgnoresAreCounted() {
        Scrape before = Scrape.of(port);
        Http.Response response = serving.post("/get-online-features", Map.of(
                "features", List.of("driver_stats:trips"), "entities", Map.of("driver_id", List.of(1)),
                "include_feature_view_version_metadata", false, "request_context", Map.of()));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Scrape after = Scrape.of(port);
        assertThat(delta(before, after, "granary_feast_ignored_fields_total",
                Map.of("endpoint", "/get-online-features"))).isEqualTo(2);
    }

    @Test
    void aMaterializationCountsItsRowsItsJobAndTheViewsFreshness() {
        Scrape before = Scrape.of(port);
        // customer_stats has no TTL: its first incremental run starts from the beginning and finds its rows
        JsonNode result = materializeIncremental("customer_stats");
        long written = 0;
        long notNewer = 0;
        for (JsonNode view : result.path("views")) {
            if (view.path("view").asText().equals("customer_stats")) {
                written += view.path("applied").asLong();
                notNewer += view.path("skipped").asLong();
            }
        }
        Scrape after = Scrape.of(port);
        Map<String, String> view = Map.of("project", P, "view", "customer_stats");
        assertThat(delta(before, after, "granary_materialization_rows_total", with(view, "result", "written")))
                .isEqualTo(written);
        assertThat(delta(before, after, "granary_materialization_rows_total", with(view, "result", "not_newer")))
                .isEqualTo(notNewer);
        assertThat(delta(before, after, "granary_job_duration_seconds_count",
                Map.of("kind", "materialize-incremental", "status", "SUCCEEDED"))).isEqualTo(1);
        // the freshness gauge is filled in the background after the job: poll for it
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Scrape.Sample> freshness = List.of();
        while (freshness.isEmpty() && System.nanoTime() < deadline) {
            freshness = Scrape.of(port).all("granary_online_freshness_seconds", view);
            if (freshness.isEmpty()) {
                pause();
            }
        }
        assertThat(freshness).hasSize(1);
        // the watermark is the materialization's end, a moment ago
        assertThat(freshness.get(0).value()).isBetween(0.0, 3_600.0);
    }

    /** Materializes the views up to now through Feast's endpoint (waiting for it); its result. */
    private JsonNode materializeIncremental(String... views) {
        Http.Response response = main.post("/materialize-incremental", Map.of(
                "end_ts", Instant.now().minusSeconds(1).toString(), "feature_views", List.of(views)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(written(response.json(), views[0]) + skipped(response.json(), views[0])
                + upToDate(response.json())).isPositive();
        return response.json();
    }

    private static long written(JsonNode result, String view) {
        long rows = 0;
        for (JsonNode each : result.path("views")) {
            rows += each.path("view").asText().equals(view) ? each.path("applied").asLong() : 0;
        }
        return rows;
    }

    private static long skipped(JsonNode result, String view) {
        long rows = 0;
        for (JsonNode each : result.path("views")) {
            rows += each.path("view").asText().equals(view) ? each.path("skipped").asLong() : 0;
        }
        return rows;
    }

    private static long upToDate(JsonNode result) {
        long views = 0;
        for (JsonNode each : result.path("views")) {
            views += each.path("upToDate").asBoolean() ? 1 : 0;
        }
        return views;
    }

    /** Adds the statuses of the answer's feature columns (those after its {@code keys} entity columns). */
    private static void count(Http.Response response, int keys, Map<String, Long> statuses) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode results = response.json().path("results");
        for (int c = keys; c < results.size(); c++) {
            for (JsonNode status : results.get(c).path("statuses")) {
                statuses.merge(status.asText(), 1L, Long::sum);
            }
        }
    }

    private static double delta(Scrape before, Scrape after, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(labels);
        more.put(key, value);
        return more;
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static java.nio.file.Path temporaryFolder() {
        try {
            return Files.createTempDirectory("granary-metrics");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
