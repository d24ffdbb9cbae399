package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.server.GranaryServer;
import dev.granary.spec.PushSourceSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Replays the bodies Feast's remote client and Feast's documented examples send ({@code src/test/resources/feast/})
 * on both ports, the main port and the serving port, and reads the answers as Feast's client does: lookups by
 * {@code metadata.feature_names} and {@code results[i].values/statuses/event_timestamps}, errors by the status and the
 * {@code module}/{@code class}/{@code message} object its {@code FeastError.from_error_detail} decodes.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FeastCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(EmbeddedOnlineApiTest.temporaryFolder(),
            "feast_" + UUID.randomUUID().toString().substring(0, 8), 20, 5, "server:\n  onlinePort: 0");
    private static boolean prepared;
    /**
     * The event time of the pushed rows: the bodies say 2030-05-13 10:59:42 in Feast's spellings; times past now +
     * the future skew are refused, so they push ten minutes ago here (within driver_recent's 1 h TTL).
     */
    private static final String PUSHED = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(10)
            .withNano(0).withSecond(42).toString();

    @LocalServerPort
    int port;
    @Autowired
    OnlinePort onlinePort;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, () -> REPO.dir().toString());
    }

    /** Both front ends: the main port and the serving port. */
    static Stream<String> ports() {
        return Stream.of("main", "serving");
    }

    private Http at(String which) {
        return new Http(which.equals("main") ? port : onlinePort.port().orElseThrow());
    }

    @BeforeEach
    void prepare() {
        synchronized (FeastCompatibilityTest.class) {
            if (prepared) {
                return;
            }
            Http http = new Http(port);
            // a push source over the batch source of driver_stats and driver_recent
            RepoSpec spec = new RepoSpec(REPO.project(), REPO.spec().entities(), REPO.spec().sources(),
                    REPO.spec().featureViews(), REPO.spec().featureServices(),
                    List.of(new PushSourceSpec("driver_push", "driver_hourly", "")));
            Http.Response applied = http.post("/api/v1/apply?author=test", SpecJson.write(spec));
            assertThat(applied.status()).as(applied.body()).isEqualTo(200);
            Http.Response job = http.post("/api/v1/projects/" + REPO.project() + "/materializations", Map.of(
                    "start", REPO.now().minusSeconds(86_400).toString(), "end", REPO.now().toString(),
                    "views", List.of("driver_stats")));
            assertThat(http.awaitJob(job.json().path("id").asText()).path("status").asText()).isEqualTo("SUCCEEDED");
            prepared = true;
        }
    }

    @ParameterizedTest
    @MethodSource("ports")
    void theRemoteClientsLookupIgnoresTheFieldsGranaryDoesNotUse(String port) {
        JsonNode answer = ok(at(port).post("/get-online-features", body("lookup-remote-client.json")));

        assertThat(names(answer.path("metadata").path("feature_names")))
                .containsExactly("driver_id", "conv_rate", "trips");
        JsonNode trips = answer.path("results").get(2);
        assertThat(trips.path("values")).hasSize(3);
        assertThat(names(trips.path("statuses"))).containsExactly("PRESENT", "PRESENT", "NOT_FOUND");
        assertThat(trips.path("event_timestamps")).hasSize(3);
        Instant.parse(trips.path("event_timestamps").get(0).asText());
    }

    @ParameterizedTest
    @MethodSource("ports")
    void aLookupWithEveryOptionAnswersFullNames(String port) {
        JsonNode answer = ok(at(port).post("/get-online-features", body("lookup-all-options.json")));

        assertThat(names(answer.path("metadata").path("feature_names")))
                .containsExactly("driver_id", "driver_stats__conv_rate", "driver_recent__conv_rate");
        // driver_recent was never materialized here: Feast's NOT_FOUND with the epoch as its time
        assertThat(answer.path("results").get(2).path("statuses").get(0).asText()).isEqualTo("NOT_FOUND");
        assertThat(answer.path("results").get(2).path("event_timestamps").get(0).asText())
                .isEqualTo("1970-01-01T00:00:00Z");

        JsonNode service = ok(at(port).post("/get-online-features", body("lookup-service.json")));
        assertThat(names(service.path("metadata").path("feature_names")))
                .containsExactly("driver_id", "customer_id", "conv_rate", "trips", "level");
    }

    @ParameterizedTest
    @MethodSource("ports")
    void aBodyWithoutAContentTypeIsReadAsJson(String port) {
        Http.Response response = at(port).post("/get-online-features", body("lookup-remote-client.json"), null);
        ok(response);
    }

    @ParameterizedTest
    @MethodSource("ports")
    void pushesWithEachTargetAcceptFeastsTimestampsAndExtraColumns(String port) throws IOException {
        Http http = at(port);
        Http.Response online = http.post("/push", body("push-online.json"));
        assertThat(ok(online).path("applied").asLong() + online.json().path("skipped").asLong()).isEqualTo(1);
        assertThat(lookup(http, 901).path("values").get(0).asLong()).isEqualTo(7);
        assertThat(lookup(http, 901).path("event_timestamps").get(0).asText()).isEqualTo(PUSHED + "Z");

        Http.Response offline = http.post("/push", body("push-offline.json"));
        Path file = Path.of(ok(offline).path("offlineFile").asText());
        assertThat(file).exists();
        assertThat(lookup(http, 902).path("statuses").get(0).asText()).isEqualTo("NOT_FOUND");
        Files.delete(file);

        Http.Response both = http.post("/push", body("push-online-and-offline.json"));
        Files.delete(Path.of(ok(both).path("offlineFile").asText()));
        assertThat(lookup(http, 903).path("event_timestamps").get(0).asText())
                .isEqualTo(PUSHED + ".123456Z");
    }

    @ParameterizedTest
    @MethodSource("ports")
    void aPushSourceFeedsEveryViewOverItsBatchSource(String port) {
        Http http = at(port);
        Http.Response pushed = http.post("/push", body("push-source.json"));
        // one row into driver_stats (conv_rate, trips) and one into driver_recent (conv_rate)
        assertThat(ok(pushed).path("applied").asLong() + pushed.json().path("skipped").asLong()).isEqualTo(2);

        JsonNode answer = ok(http.post("/get-online-features", "{\"features\": [\"driver_stats:trips\","
                + " \"driver_recent:conv_rate\"], \"entities\": {\"driver_id\": [921]}}"));
        assertThat(answer.path("results").get(1).path("values").get(0).asLong()).isEqualTo(3);
        assertThat(answer.path("results").get(2).path("values").get(0).asDouble()).isEqualTo(0.125);
    }

    @ParameterizedTest
    @MethodSource("ports")
    void theRemoteClientsWriteLandsOnlineNewerWins(String port) {
        Http http = at(port);
        ok(http.post("/write-to-online-store", body("write-to-online-store.json")));

        JsonNode trips = lookup(http, 904, 905);
        assertThat(trips.path("values").get(0).asLong()).isEqualTo(10);
        assertThat(trips.path("values").get(1).asLong()).isEqualTo(11);
        assertThat(trips.path("event_timestamps").get(1).asText()).isEqualTo(PUSHED + ".500Z");
    }

    @ParameterizedTest
    @MethodSource("ports")
    void materializationsRunToTheirEndAsFeastsDo(String port) {
        Http http = at(port);
        JsonNode result = ok(http.post("/materialize", body("materialize.json")));
        assertThat(result.path("views").get(0).path("view").asText()).isEqualTo("customer_stats");
        ok(http.post("/materialize-incremental", body("materialize-incremental.json")));
        JsonNode level = ok(http.post("/get-online-features", "{\"features\": [\"customer_stats:level\"],"
                + " \"entities\": {\"customer_id\": [\"c1\"]}}")).path("results").get(1);
        assertThat(level.path("statuses").get(0).asText()).isEqualTo("PRESENT");

        Http.Response queued = http.post("/materialize-incremental?async=true", body("materialize-incremental.json"));
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        assertThat(queued.json().path("status").asText()).isEqualTo("accepted");
        new Http(this.port).awaitJob(queued.json().path("job").path("id").asText()); // jobs are on the main port
    }

    @ParameterizedTest
    @MethodSource("ports")
    void unknownObjectsAnswerFeastsExceptionClasses(String port) {
        Http http = at(port);
        assertFeastError(http.post("/get-online-features", body("unknown-view.json")), 404,
                "FeatureViewNotFoundException", "driver_statz");
        assertFeastError(http.post("/get-online-features", body("unknown-feature.json")), 404,
                "FeastObjectNotFoundException", "conv_ratez");
        assertFeastError(http.post("/get-online-features", body("unknown-service.json")), 404,
                "FeatureServiceNotFoundException", "rankingz");
        assertFeastError(http.post("/push", body("unknown-push-source.json")), 422,
                "PushSourceNotFoundException", "driver_stats_pushz");
        assertFeastError(http.post("/write-to-online-store", body("write-unknown-view.json")), 404,
                "FeatureViewNotFoundException", "driver_statz");
        assertFeastError(http.post("/materialize", body("materialize-unknown-view.json")), 404,
                "FeatureViewNotFoundException", "customer_statz");
        assertFeastError(http.post("/materialize-incremental", body("materialize-unknown-view.json")), 404,
                "FeatureViewNotFoundException", "customer_statz");
    }

    @ParameterizedTest
    @MethodSource("ports")
    void healthAnswersOnBothPorts(String port) {
        Http.Response health = at(port).get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
    }

    private static void assertFeastError(Http.Response response, int status, String feastClass, String mention) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode error = OnlineApiAssertions.feastError(response);
        assertThat(error.path("class").asText()).isEqualTo(feastClass);
        assertThat(error.path("message").asText()).contains(mention);
    }

    private static JsonNode lookup(Http http, long... drivers) {
        List<Long> keys = java.util.Arrays.stream(drivers).boxed().toList();
        return ok(http.post("/get-online-features", Map.of("features", List.of("driver_stats:trips"),
                "entities", Map.of("driver_id", keys)))).path("results").get(1);
    }

    private static JsonNode ok(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> names(JsonNode array) {
        return OnlineApiAssertions.names(array);
    }

    private static String body(String name) {
        try (InputStream in = FeastCompatibilityTest.class.getResourceAsStream("/feast/" + name)) {
            assertThat(in).as(name).isNotNull();
            // the bodies end materializations at 2099-01-01 as Feast's examples do; ends past now + the future
            // skew are refused, so they end now here (both of Feast's spellings kept)
            String now = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).withNano(0).toString();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("2030-05-13", PUSHED.substring(0, 10)).replace("10:59:42", PUSHED.substring(11))
                    .replace("2099-01-01T00:00:00", now).replace("2099-01-01 00:00:00", now.replace('T', ' '));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
