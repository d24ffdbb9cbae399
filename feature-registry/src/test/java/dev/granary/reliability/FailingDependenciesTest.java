package dev.granary.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.config.GranaryConfig;
import dev.granary.error.StorageException;
import dev.granary.server.GranaryServer;
import dev.granary.serving.Http;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.json.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server against dependencies that fail, each test starting its own: a private {@code redis-server} it pauses
 * and kills, a private PostgreSQL cluster it stops and pauses. Asserted: quick 503s naming the store, readiness
 * saying which store is down, no lost acknowledged write, lookups from the cached registry while PostgreSQL is
 * down, and service back by itself within seconds of the store.
 */
class FailingDependenciesTest {
    private static final String LOOKUP = """
            {"features": ["driver_stats:conv_rate", "driver_stats:trips"], "entities": {"driver_id": [1, 2]}}""";

    @TempDir
    Path dir;

    @Test
    void redisPausedOrKilledAnswers503FastReportsNotReadyAndServiceReturnsByItself() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir)) {
            OnlineTestRepo repo = OnlineTestRepo.create(dir, "redis_faults", 20, 2, "online:\n  type: redis\n  url: \""
                    + redis.url() + "\"\n  timeoutMillis: 500");
            try (ConfigurableApplicationContext server = start()) {
                Http http = http(server);
                assertThat(http.post("/api/v1/apply?author=test", SpecJson.write(repo.spec())).status()).isEqualTo(200);
                Instant before = Instant.now().minusSeconds(60);
                assertThat(push(http, before, 0.25).status()).isEqualTo(200);
                assertThat(value(http.post("/get-online-features", LOOKUP))).isEqualTo(0.25);
                String materializations = "/api/v1/projects/" + repo.project() + "/materializations";
                JsonNode first = http.awaitJob(http.post(materializations, Map.of("end", repo.now().toString(),
                        "incremental", true, "views", List.of("customer_stats"))).json().path("id").asText());
                assertThat(first.path("status").asText()).isEqualTo("SUCCEEDED");

                redis.pause();
                List<Long> millis = concurrentLookups(http, 32);
                assertThat(millis).as("every lookup answered 503 within the timeout and its pool wait")
                        .allMatch(ms -> ms >= 0 && ms < 3_000);
                List<Long> open = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    open.add(timed(() -> http.post("/get-online-features", LOOKUP), 503));
                }
                // with the circuit open lookups fail at once; about once a second one probes Redis and waits
                assertThat(open.stream().filter(ms -> ms < 300).count()).as("fast failures among %s", open)
                        .isGreaterThanOrEqualTo(7);
                Http.Response notReady = http.get("/ready");
                assertThat(notReady.status()).isEqualTo(503);
                assertThat(notReady.json().path("online").asText()).isEqualTo("DOWN");
                Http.Response refused = push(http, Instant.now(), 0.5);
                assertThat(refused.status()).isEqualTo(503);
                assertThat(feastErrorCode(refused)).isEqualTo("STORAGE_UNAVAILABLE");
                String end = repo.now().toString();
                JsonNode failed = http.awaitJob(http.post(materializations, Map.of("end", end,
                        "incremental", true, "views", List.of("driver_stats"))).json().path("id").asText());
                assertThat(failed.path("status").asText()).isEqualTo("FAILED");

                redis.resume();
                long recovered = untilOk(http);
                assertThat(recovered).as("back within 5 s of Redis").isLessThan(5_000);
                assertThat(value(http.post("/get-online-features", LOOKUP))).as("the acknowledged push is there")
                        .isEqualTo(0.25);
                assertThat(http.get("/ready").status()).isEqualTo(200);
                JsonNode again = http.awaitJob(http.post(materializations, Map.of("end", end,
                        "incremental", true, "views", List.of("driver_stats"))).json().path("id").asText());
                assertThat(again.path("status").asText()).isEqualTo("SUCCEEDED");
                assertThat(again.path("result").path("views").path(0).path("start").asText())
                        .as("the failed run set no watermark: the next one starts at end - ttl")
                        .isEqualTo(repo.now().minusSeconds(86_400).toString());

                redis.stop();
                assertThat(http.post("/get-online-features", LOOKUP).status()).isEqualTo(503);
                redis.restart();
                assertThat(untilOk(http)).as("back within 5 s of a restarted Redis").isLessThan(5_000);
            }
        }
    }

    @Test
    void postgresDownKeepsLookupsServingAnswersWrites503FastAndResumes() throws Exception {
        assumeTrue(PostgresProcess.available(), "PostgreSQL binaries under /usr/lib/postgresql and a postgres user");
        try (PostgresProcess postgres = PostgresProcess.start()) {
            OnlineTestRepo repo = OnlineTestRepo.create(dir, "pg_faults", 20, 2, null);
            Files.writeString(dir.resolve("granary.yaml"), "registry:\n  url: \"" + postgres.jdbcUrl()
                    + "\"\n  user: postgres\n", StandardOpenOption.APPEND);
            try (ConfigurableApplicationContext server = start()) {
                Http http = http(server);
                assertThat(http.post("/api/v1/apply?author=test", SpecJson.write(repo.spec())).status()).isEqualTo(200);
                assertThat(push(http, Instant.now().minusSeconds(60), 0.75).status()).isEqualTo(200);
                assertThat(value(http.post("/get-online-features", LOOKUP))).isEqualTo(0.75);

                postgres.stop();
                for (int i = 0; i < 20; i++) {
                    assertThat(value(http.post("/get-online-features", LOOKUP))).as("lookups from the cached registry")
                            .isEqualTo(0.75);
                }
                long apply = timed(() -> http.post("/api/v1/apply?author=test",
                        SpecJson.write(repo.spec())), 503);
                // two waits of the pool's 2 s at most, with room for a loaded machine (measured 4.04-4.26 s at load
                // 10 on 2 cores, which failed a 4 s bound); unbounded, it took 10 s and more
                assertThat(apply).as("apply answers 503 fast").isLessThan(8_000);
                Http.Response failed = http.post("/api/v1/apply?author=test", SpecJson.write(repo.spec()));
                assertThat(failed.json().path("error").asText()).isEqualTo("STORAGE_UNAVAILABLE");
                assertThat(registryErrors(http)).as("the metrics count the registry's failures").isPositive();
                assertThat(timed(() -> http.get("/api/v1/projects/" + repo.project() + "/versions"), 503))
                        .isLessThan(4_000);
                assertThat(timed(() -> http.get("/ready"), 503)).as("/ready answers fast").isLessThan(4_000);
                assertThatThrownBy(() -> GranaryServer.start(GranaryConfig.load(dir)))
                        .as("a server started while PostgreSQL is down says so in one paragraph")
                        .isInstanceOf(StorageException.class)
                        .hasMessageContaining("registry database").hasMessageNotContaining("\n");

                postgres.restart();
                long back = System.nanoTime();
                while (http.get("/ready").status() != 200) {
                    assertThat(System.nanoTime() - back).as("ready again").isLessThan(Duration.ofSeconds(20).toNanos());
                    Thread.sleep(100);
                }
                assertThat(http.get("/api/v1/projects/" + repo.project() + "/versions").status()).isEqualTo(200);

                postgres.pause();
                for (int i = 0; i < 20; i++) {
                    assertThat(value(http.post("/get-online-features", LOOKUP))).as("lookups while PostgreSQL hangs")
                            .isEqualTo(0.75);
                }
                postgres.resume();
            }
        }
    }

    private ConfigurableApplicationContext start() throws Exception {
        Files.writeString(dir.resolve("granary.yaml"), "server:\n  port: " + RedisProcess.freePort() + "\n",
                StandardOpenOption.APPEND);
        return GranaryServer.start(GranaryConfig.load(dir));
    }

    /** {@code granary_registry_errors_total} as {@code GET /metrics} answers it. */
    private static double registryErrors(Http http) throws Exception {
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            String text = client.send(java.net.http.HttpRequest.newBuilder(http.uri("/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith("granary_registry_errors_total "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
        }
    }

    private static Http http(ConfigurableApplicationContext server) {
        return new Http(Integer.parseInt(server.getEnvironment().getProperty("local.server.port")));
    }

    private static Http.Response push(Http http, Instant time, double convRate) {
        return http.post("/push", Map.of("feature_view", "driver_stats", "to", "online", "df", Map.of(
                "driver_id", List.of(1), "event_timestamp", List.of(time.toString()), "conv_rate", List.of(convRate))));
    }

    /** conv_rate of driver 1 in a 200 lookup answer. */
    private static double value(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("results").path(1).path("values").path(0).asDouble();
    }

    private static long timed(Supplier<Http.Response> call, int status) {
        long start = System.nanoTime();
        Http.Response response = call.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return millis;
    }

    /** How long until a lookup answers 200 again, polling every 50 ms. */
    private static long untilOk(Http http) throws InterruptedException {
        long start = System.nanoTime();
        while (http.post("/get-online-features", LOOKUP).status() != 200) {
            assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(30).toNanos());
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** {@code n} lookups at once; each one's milliseconds, or -1 when it did not answer 503 STORAGE_UNAVAILABLE. */
    /** Granary's error code in a Feast-shaped error body (a JSON string holding the error object). */
    private static String feastErrorCode(Http.Response response) {
        JsonNode body = response.json();
        try {
            JsonNode error = body.isTextual() ? new com.fasterxml.jackson.databind.ObjectMapper().readTree(body.asText())
                    : body;
            return error.path("error").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not a Feast error body: " + response.body(), e);
        }
    }

    private static List<Long> concurrentLookups(Http http, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    Http.Response response = http.post("/get-online-features", LOOKUP);
                    boolean unavailable = response.status() == 503
                            && feastErrorCode(response).equals("STORAGE_UNAVAILABLE");
                    return unavailable ? (System.nanoTime() - start) / 1_000_000 : -1L;
                }));
            }
            List<Long> millis = new ArrayList<>();
            for (Future<Long> answer : answers) {
                millis.add(answer.get());
            }
            return millis;
        } finally {
            pool.shutdownNow();
        }
    }
}
