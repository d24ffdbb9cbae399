package dev.granary.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.config.GranaryConfig;
import dev.granary.server.GranaryServer;
import dev.granary.serving.Http;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Materializations write through the online store's circuit breaker, the one lookups and pushes use: a failed
 * write is counted as a store failure ({@code granary_online_errors_total{operation="write"}}) and towards opening
 * the circuit, so lookups after it fail fast too; once Redis is back a materialization succeeds and the circuit is
 * closed. Against a private {@code redis-server} the test kills and restarts.
 */
class MaterializationCircuitTest {
    private static final String LOOKUP = """
            {"features": ["driver_stats:trips"], "entities": {"driver_id": [1]}}""";

    @TempDir
    Path dir;

    @Test
    void aFailedMaterializationWriteCountsAsAStoreFailureAndTowardsOpeningTheCircuit() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir)) {
            OnlineTestRepo repo = OnlineTestRepo.create(dir, "circuit", 10, 2, "online:\n  type: redis\n  url: \""
                    + redis.url() + "\"\n  timeoutMillis: 500");
            Files.writeString(dir.resolve("granary.yaml"), "server:\n  port: " + RedisProcess.freePort() + "\n",
                    StandardOpenOption.APPEND);
            try (ConfigurableApplicationContext server = GranaryServer.start(GranaryConfig.load(dir))) {
                Http http = new Http(Integer.parseInt(server.getEnvironment().getProperty("local.server.port")));
                assertThat(http.post("/api/v1/apply?author=test", SpecJson.write(repo.spec())).status()).isEqualTo(200);
                assertThat(http.post("/get-online-features", LOOKUP).status()).isEqualTo(200);
                String materializations = "/api/v1/projects/" + repo.project() + "/materializations";
                Map<String, Object> request = Map.of("end", repo.now().toString(), "incremental", true,
                        "views", List.of("driver_stats"));

                redis.stop();
                double writeErrors = metric(http, "granary_online_errors_total{operation=\"write\"}");
                JsonNode failed = http.awaitJob(http.post(materializations, request).json().path("id").asText());
                assertThat(failed.path("status").asText()).isEqualTo("FAILED");
                assertThat(metric(http, "granary_online_errors_total{operation=\"write\"}"))
                        .as("the materialization's write went through the breaker and was counted")
                        .isGreaterThanOrEqualTo(writeErrors + 1);
                assertThat(metric(http, "granary_online_circuit_state{state=\"closed\"}")).isEqualTo(1.0);
                // the failed write counts towards the threshold: two failed lookups alone would not open the circuit
                for (int i = 0; i < 2; i++) { // the circuit opens after 3 failures in a row
                    assertThat(http.post("/get-online-features", LOOKUP).status()).isEqualTo(503);
                }
                assertThat(metric(http, "granary_online_circuit_state{state=\"closed\"}"))
                        .as("the circuit opened after the materialization's failure and two lookups'").isEqualTo(0.0);

                redis.restart();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (http.post("/get-online-features", LOOKUP).status() != 200) {
                    assertThat(System.nanoTime()).as("lookups answer again once Redis is back").isLessThan(deadline);
                    Thread.sleep(100);
                }
                JsonNode again = http.awaitJob(http.post(materializations, request).json().path("id").asText());
                assertThat(again.path("status").asText()).as(again.toString()).isEqualTo("SUCCEEDED");
                assertThat(metric(http, "granary_online_circuit_state{state=\"closed\"}")).isEqualTo(1.0);
            }
        }
    }

    /** The value of the series written exactly so (name and labels as Prometheus' text has them); 0 when absent. */
    private static double metric(Http http, String series) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String text = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith(series + " ")) {
                    return Double.parseDouble(line.substring(series.length() + 1));
                }
            }
            return 0;
        }
    }
}
