package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.offline.ParquetTables;
import dev.granary.registry.RegistryDatabase;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import dev.granary.spec.json.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The online API over real HTTP, asserting Feast's response shape field by field. Subclasses start the server
 * on a store (embedded, Redis); the repository is applied over REST and materialized through the jobs API once per
 * class: {@code driver_stats} and {@code customer_stats} as of now, {@code driver_recent} (TTL 1 h) as of two
 * hours ago so that its values are past their TTL when read.
 */
abstract class OnlineApiContract {
    private static final Set<Class<?>> PREPARED = new HashSet<>();
    static final String EPOCH = "1970-01-01T00:00:00Z";

    @LocalServerPort
    int port;
    @Autowired
    OnlineFeatureService service;
    @Autowired
    RegistryDatabase database;

    Http http;
    /** Where {@code /get-online-features} and {@code /push} are sent: the main port unless a subclass says. */
    Http serving;

    abstract OnlineTestRepo repo();

    /** The port answering the online endpoints under test. */
    int servingPort() {
        return port;
    }

    @BeforeEach
    void prepare() {
        http = new Http(port);
        serving = new Http(servingPort());
        synchronized (PREPARED) {
            if (!PREPARED.add(getClass())) {
                return;
            }
        }
        OnlineTestRepo repo = repo();
        assertThat(http.post("/api/v1/apply?author=test", SpecJson.write(repo.spec())).status()).isEqualTo(200);
        Instant now = repo.now();
        materialize(now.minus(Duration.ofDays(1)), now, List.of("driver_stats", "customer_stats"));
        materialize(now.minus(Duration.ofDays(1)), now.minus(Duration.ofHours(2)), List.of("driver_recent"));
    }

    private void materialize(Instant start, Instant end, List<String> views) {
        Http.Response submitted = http.post("/api/v1/projects/" + repo().project() + "/materializations",
                Map.of("start", start.toString(), "end", end.toString(), "views", views));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = http.awaitJob(submitted.json().path("id").asText());
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    }

    Map<Long, OnlineTestRepo.DriverRow> current() {
        return repo().asOf(repo().now().minus(Duration.ofDays(1)), repo().now(), 86_400);
    }

    @Test
    void getOnlineFeaturesAnswersInFeastsShape() {
        Http.Response response = serving.post("/get-online-features", Map.of(
                "features", List.of("driver_stats:conv_rate", "driver_stats:trips", "customer_stats:level"),
                "entities", ordered("driver_id", List.of(1, 2, 999_999), "customer_id", List.of("c1", "c2", "c404"))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.size()).isEqualTo(2);
        assertThat(names(json.path("metadata").path("feature_names")))
                .containsExactly("driver_id", "customer_id", "conv_rate", "trips", "level");
        JsonNode results = json.path("results");
        assertThat(results.size()).isEqualTo(5);
        for (JsonNode result : results) {
            assertThat(names(result::fieldNames)).containsExactlyInAnyOrder("values", "statuses", "event_timestamps");
        }
        assertThat(results.get(0).path("values").toString()).isEqualTo("[1,2,999999]");
        assertThat(names(results.get(0).path("statuses"))).containsExactly("PRESENT", "PRESENT", "PRESENT");
        assertThat(names(results.get(0).path("event_timestamps"))).containsExactly(EPOCH, EPOCH, EPOCH);
        assertThat(results.get(1).path("values").toString()).isEqualTo("[\"c1\",\"c2\",\"c404\"]");

        Map<Long, OnlineTestRepo.DriverRow> expected = current();
        JsonNode conv = results.get(2);
        assertThat(conv.path("values").get(0).doubleValue()).isEqualTo(expected.get(1L).convRate());
        assertThat(conv.path("values").get(1).doubleValue()).isEqualTo(expected.get(2L).convRate());
        assertThat(conv.path("values").get(2).isNull()).isTrue();
        assertThat(names(conv.path("statuses"))).containsExactly("PRESENT", "PRESENT", "NOT_FOUND");
        assertThat(names(conv.path("event_timestamps"))).containsExactly(expected.get(1L).time().toString(),
                expected.get(2L).time().toString(), EPOCH);
        JsonNode trips = results.get(3);
        assertThat(trips.path("values").get(0).isIntegralNumber()).isTrue();
        assertThat(trips.path("values").get(0).longValue()).isEqualTo(expected.get(1L).trips());
        JsonNode level = results.get(4);
        assertThat(level.path("values").get(0).asText()).isEqualTo("level-1");
        assertThat(level.path("values").get(1).asText()).isEqualTo("level-2");
        assertThat(names(level.path("statuses"))).containsExactly("PRESENT", "PRESENT", "NOT_FOUND");
    }

    @Test
    void storedNullsAreNullValueAndValuesPastTheirTtlAreOutsideMaxAge() {
        Http.Response response = serving.post("/get-online-features", Map.of(
                "features", List.of("driver_stats:conv_rate", "driver_recent:conv_rate", "driver_stats:acc_rate"),
                "entities", Map.of("driver_id", List.of(13, 14)), "full_feature_names", true));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode results = response.json().path("results");
        assertThat(names(response.json().path("metadata").path("feature_names")))
                .containsExactly("driver_id", "driver_stats__conv_rate", "driver_recent__conv_rate",
                        "driver_stats__acc_rate");
        JsonNode stats = results.get(1);
        assertThat(names(stats.path("statuses"))).containsExactly("NULL_VALUE", "PRESENT");
        assertThat(stats.path("values").get(0).isNull()).isTrue();
        assertThat(stats.path("event_timestamps").get(0).asText()).isEqualTo(current().get(13L).time().toString());
        JsonNode recent = results.get(2);
        assertThat(names(recent.path("statuses"))).containsExactly("OUTSIDE_MAX_AGE", "OUTSIDE_MAX_AGE");
        assertThat(recent.path("values").get(0).isNull()).isTrue();
        assertThat(recent.path("values").get(1).isNull()).isTrue();
        Instant twoHoursBefore = repo().now().minus(Duration.ofHours(2));
        assertThat(Instant.parse(recent.path("event_timestamps").get(1).asText()))
                .isEqualTo(repo().asOf(twoHoursBefore.minusSeconds(3_600), twoHoursBefore, 3_600).get(14L).time());
        assertThat(results.get(3).path("values").get(0).doubleValue()).isEqualTo(current().get(13L).accRate());
    }

    @Test
    void aFeatureServiceAnswersItsFeaturesInOrder() {
        Http.Response response = serving.post("/get-online-features", Map.of("feature_service", "ranking",
                "entities", ordered("customer_id", List.of("c3"), "driver_id", List.of(7)), "full_feature_names", true));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(names(response.json().path("metadata").path("feature_names"))).containsExactly("customer_id",
                "driver_id", "driver_stats__conv_rate", "driver_stats__trips", "customer_stats__level");
        JsonNode results = response.json().path("results");
        assertThat(results.get(3).path("values").get(0).longValue()).isEqualTo(current().get(7L).trips());
        assertThat(results.get(4).path("values").get(0).asText()).isEqualTo("level-0");
    }

    @Test
    void manyEntitiesInOneRequestAllAnswer() {
        List<Long> ids = new ArrayList<>();
        for (long d = 1; d <= repo().drivers(); d++) {
            ids.add(d);
        }
        Http.Response response = serving.post("/get-online-features", Map.of("features",
                List.of("driver_stats:trips", "driver_stats:trips_1d"), "entities", Map.of("driver_id", ids)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode trips = response.json().path("results").get(1).path("values");
        JsonNode sums = response.json().path("results").get(2).path("values");
        Map<Long, Long> expectedSums = repo().tripsOneDay(repo().now().minus(Duration.ofDays(1)), repo().now());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(trips.get(i).longValue()).isEqualTo(current().get(ids.get(i)).trips());
            assertThat(sums.get(i).longValue()).isEqualTo(expectedSums.get(ids.get(i)));
        }
    }

    static Stream<Arguments> badLookups() {
        return Stream.of(
                Arguments.of("{\"features\": [\"nope:conv_rate\"], \"entities\": {\"driver_id\": [1]}}", "features[0]", "nope"),
                Arguments.of("{\"features\": [\"driver_stats:trips\", \"driver_stats:nope\"], \"entities\": {\"driver_id\": [1]}}", "features[1]", "nope"),
                Arguments.of("{\"features\": [\"driver_stats\"], \"entities\": {\"driver_id\": [1]}}", "features[0]", "view:feature"),
                Arguments.of("{\"features\": [\"driver_archive:trips\"], \"entities\": {\"driver_id\": [1]}}", "features[0]", "not online"),
                Arguments.of("{\"feature_service\": \"nope\", \"entities\": {\"driver_id\": [1]}}", "feature_service", "nope"),
                Arguments.of("{\"entities\": {\"driver_id\": [1]}}", "features", "feature_service"),
                Arguments.of("{\"feature_service\": \"ranking\", \"entities\": {\"driver_id\": [1]}}", "entities.customer_id", "missing"),
                Arguments.of("{\"features\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": [1, 2], \"x\": [1]}}", "entities.x", "same number"),
                Arguments.of("{\"features\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": [1, \"two\"]}}", "entities.driver_id[1]", "integer"),
                Arguments.of("{\"features\": [\"customer_stats:level\"], \"entities\": {\"customer_id\": [7]}}", "entities.customer_id[0]", "string"),
                Arguments.of("{\"feature\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": [1]}}", "features", "feature_service"),
                Arguments.of("{\"features\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": 1}}", "entities.driver_id", "list"),
                Arguments.of("{\"features\": [\"driver_stats:trips\", \"driver_recent:conv_rate\", \"driver_stats:conv_rate\"], \"entities\": {\"driver_id\": [1]}}", "features", "full_feature_names"),
                Arguments.of("{\"features\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": [1,}}", "body", "line 1, column"),
                Arguments.of("", "body", "JSON object"),
                Arguments.of("[1, 2]", "body", "JSON object"));
    }

    @ParameterizedTest
    @MethodSource("badLookups")
    void badLookupsAnswerInFeastsErrorShapeNamingTheField(String body, String field, String hint) {
        Http.Response response = serving.post("/get-online-features", body);
        JsonNode error = feastError(response);
        assertThat(response.status()).as(response.body())
                .isEqualTo(error.path("class").asText().endsWith("NotFoundException") ? 404 : 422);
        assertThat(error.path("field").asText()).isEqualTo(field);
        assertThat(error.path("error").asText()).isNotBlank();
        assertThat(error.path("message").asText()).contains(hint).doesNotContain("Exception");
    }

    @Test
    void aLookupBodyDeclaredAsNotJsonAnswers415NamingTheContentType() {
        Http.Response response = serving.post("/get-online-features",
                "{\"features\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": [1]}}", "text/plain");
        assertThat(response.status()).as(response.body()).isEqualTo(415);
        // refused by the browser-origin check before the Feast endpoint reads it: Granary's error shape, as on
        // every endpoint
        assertThat(response.json().path("field").asText()).isEqualTo("Content-Type");
        assertThat(response.json().path("message").asText()).contains("application/json");
    }

    @Test
    void pushWritesOnlineAndNewerWins() {
        Instant newer = Instant.now().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Http.Response pushed = serving.post("/push", Map.of("feature_view", "driver_stats", "to", "online",
                "df", Map.of("driver_id", List.of(5, 6), "event_timestamp", List.of(newer.toString(), newer.toString()),
                        "conv_rate", List.of(0.99, 0.98))));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        assertThat(pushed.json().path("applied").asLong()).isEqualTo(2);

        Http.Response older = serving.post("/push", Map.of("push_source_name", "driver_stats",
                "df", Map.of("driver_id", List.of(5), "event_timestamp", List.of(newer.minusSeconds(60).toString()),
                        "conv_rate", List.of(0.11))));
        assertThat(older.status()).as(older.body()).isEqualTo(200);
        assertThat(older.json().path("skipped").asLong()).isEqualTo(1);

        JsonNode results = serving.post("/get-online-features", Map.of("features",
                List.of("driver_stats:conv_rate", "driver_stats:trips"), "entities", Map.of("driver_id", List.of(5, 6))))
                .json().path("results");
        assertThat(results.get(1).path("values").get(0).doubleValue()).isEqualTo(0.99);
        assertThat(results.get(1).path("values").get(1).doubleValue()).isEqualTo(0.98);
        assertThat(results.get(1).path("event_timestamps").get(0).asText()).isEqualTo(newer.toString());
        // a push names some features; the others keep their values
        assertThat(results.get(2).path("values").get(0).longValue()).isEqualTo(current().get(5L).trips());
    }

    @Test
    void concurrentPushesLeaveTheNewestValue() throws Exception {
        long driver = 5_017; // not in the source data, so no other test reads it
        Instant base = Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            offsets.add(i);
        }
        java.util.Collections.shuffle(offsets, new java.util.Random(3));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
            for (int offset : offsets) {
                statuses.add(pool.submit(() -> serving.post("/push", Map.of("feature_view", "driver_stats",
                        "df", Map.of("driver_id", List.of(driver),
                                "event_timestamp", List.of(base.plusSeconds(offset).toString()),
                                "trips", List.of(1_000_000L + offset)))).status()));
            }
            for (var status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        }
        JsonNode trips = serving.post("/get-online-features", Map.of("features", List.of("driver_stats:trips"),
                "entities", Map.of("driver_id", List.of(driver)))).json().path("results").get(1);
        assertThat(trips.path("values").get(0).longValue()).isEqualTo(1_000_079L);
        assertThat(trips.path("event_timestamps").get(0).asText()).isEqualTo(base.plusSeconds(79).toString());
    }

    @Test
    void anOfflinePushAddsAParquetFileToTheSourceFolderAndLeavesTheOnlineStore() throws Exception {
        Instant time = repo().now().minusSeconds(30);
        Http.Response pushed = serving.post("/push", Map.of("feature_view", "driver_stats", "to", "offline",
                "df", Map.of("driver_id", List.of(9), "event_timestamp", List.of(time.toString()),
                        "conv_rate", List.of(0.5), "acc_rate", List.of(1.0), "trips", List.of(12345))));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        Path file = Path.of(pushed.json().path("offlineFile").asText());
        assertThat(file.getParent()).isEqualTo(repo().dir().resolve("data/driver_hourly"));
        ParquetTables.Table table = ParquetTables.read(file);
        assertThat(table.rows()).hasSize(1);
        assertThat(table.rows().getFirst()[table.columnIndex("trips")]).isEqualTo(12345L);
        assertThat(table.rows().getFirst()[table.columnIndex("event_timestamp")]).isEqualTo(time);
        JsonNode trips = serving.post("/get-online-features", Map.of("features", List.of("driver_stats:trips"),
                "entities", Map.of("driver_id", List.of(9)))).json().path("results").get(1);
        assertThat(trips.path("values").get(0).longValue()).isEqualTo(current().get(9L).trips());
        Files.delete(file);
    }

    @Test
    void badPushesAnswer400NamingTheField() {
        Http.Response fileSource = serving.post("/push", Map.of("feature_view", "customer_stats", "to", "offline",
                "df", Map.of("customer_id", List.of("c1"), "event_timestamp", List.of(Instant.now().toString()),
                        "level", List.of("x"), "score", List.of(1.0))));
        assertThat(fileSource.status()).isEqualTo(422);
        assertThat(feastError(fileSource).path("field").asText()).isEqualTo("to");
        assertThat(feastError(fileSource).path("message").asText()).contains("single file");

        assertFeastField(serving.post("/push", Map.of("feature_view", "driver_stats", "df", Map.of("driver_id", List.of(1),
                "event_timestamp", List.of("yesterday"), "trips", List.of(1)))), "df.event_timestamp[0]");
        assertFeastField(serving.post("/push", Map.of("feature_view", "driver_stats", "df", Map.of("driver_id",
                List.of(1), "event_timestamp", List.of(Instant.now().toString()), "trips", List.of("many")))),
                "df.trips[0]");
        assertFeastField(serving.post("/push", Map.of("feature_view", "driver_stats", "df", Map.of("driver_id",
                List.of(1), "event_timestamp", List.of(Instant.now().toString()), "nope", List.of(1)))), "df.nope");
        Http.Response noView = serving.post("/push", Map.of("feature_view", "nope", "df", Map.of("driver_id",
                List.of(1))));
        assertThat(noView.status()).isEqualTo(404);
        assertThat(feastError(noView).path("class").asText()).isEqualTo("FeatureViewNotFoundException");
        assertFeastField(serving.post("/push", Map.of("feature_view", "driver_stats", "to", "everywhere",
                "df", Map.of("driver_id", List.of(1)))), "to");
    }

    @Test
    void eventTimesPastNowPlusTheSkewAndInstantsOutOfRangeAnswer400NeverAJobThatFails() {
        Instant farFuture = Instant.now().plus(Duration.ofHours(2));
        Http.Response future = serving.post("/push", Map.of("feature_view", "driver_stats", "df", Map.of(
                "driver_id", List.of(1, 2), "event_timestamp", List.of(Instant.now().toString(), farFuture.toString()),
                "trips", List.of(1, 2))));
        assertFeastField(future, "df.event_timestamp[1]");
        assertThat(feastError(future).path("message").asText()).contains("in the future");
        assertFeastField(serving.post("/push", Map.of("feature_view", "driver_stats", "df", Map.of("driver_id", List.of(1),
                "event_timestamp", List.of("-999999999-01-01T00:00:00Z"), "trips", List.of(1)))),
                "df.event_timestamp[0]");

        String path = "/api/v1/projects/" + repo().project() + "/materializations";
        assertField(http.post(path, Map.of("end", "9999-12-31T00:00:00Z", "incremental", true)), "end");
        assertField(http.post(path, Map.of("start", "-999999999-01-01T00:00:00Z", "end", EPOCH)), "start");
        assertField(http.post(path, Map.of("start", EPOCH, "end", "+999999999-12-31T23:59:59Z")), "end");
        assertField(http.post("/api/v1/projects/" + repo().project() + "/statistics",
                Map.of("start", "-999999999-01-01T00:00:00Z")), "start");
    }

    @Test
    void aSpecWhoseTtlOrProjectNameIsOutOfBoundsIsRefusedAtApplyWithTheField() {
        JsonNode tooLong = http.post("/api/v1/apply?author=test", SpecJson.write(OnlineTestRepo.spec("p"
                + "x".repeat(300)))).json();
        assertThat(tooLong.path("error").asText()).isEqualTo("SPEC_INVALID");
        assertThat(tooLong.toString()).contains("\"project\"").contains("128");

        String spec = SpecJson.write(repo().spec()).replaceFirst("\"ttlSeconds\"\\s*:\\s*86400",
                "\"ttlSeconds\": 9223372036854775807");
        assertThat(spec).contains("9223372036854775807");
        Http.Response huge = http.post("/api/v1/apply?author=test", spec);
        assertThat(huge.status()).as(huge.body()).isEqualTo(400);
        assertThat(huge.body()).contains("ttlSeconds").contains("100 years");
    }

    @Test
    void materializationRequestsAreCheckedAndJobsAreReadable() {
        String path = "/api/v1/projects/" + repo().project() + "/materializations";
        assertField(http.post(path, Map.of("start", "last week", "end", Instant.now().toString())), "start");
        assertField(http.post(path, Map.of("start", Instant.now().minusSeconds(60).toString(),
                "end", Instant.now().toString(), "views", List.of("nope"))), "views");
        assertField(http.post(path, Map.of("end", Instant.now().toString())), "start");
        Http.Response missing = http.get("/api/v1/jobs/no-such-job");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("field").asText()).isEqualTo("id");

        Http.Response incremental = http.post(path, Map.of("end", repo().now().toString(), "incremental", true,
                "views", List.of("customer_stats")));
        assertThat(incremental.status()).as(incremental.body()).isEqualTo(202);
        assertThat(incremental.json().path("kind").asText()).isEqualTo("materialize-incremental");
        JsonNode job = http.awaitJob(incremental.json().path("id").asText());
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.path("rows").asLong()).isEqualTo(repo().customers());
        assertThat(job.path("progress").asDouble()).isEqualTo(1.0);
        JsonNode view = job.path("result").path("views").path(0);
        assertThat(view.path("view").asText()).as(job.toString()).isEqualTo("customer_stats");
        assertThat(view.path("applied").asLong() + view.path("skipped").asLong()).isEqualTo(repo().customers());
        assertThat(view.path("end").asText()).isEqualTo(repo().now().toString());
    }

    @Test
    void anApplyThroughTheServerReachesLookupsAtOnce() {
        String feature = "acc_rate_" + UUID.randomUUID().toString().substring(0, 6);
        RepoSpec spec = repo().spec();
        FeatureViewSpec stats = spec.featureView("driver_stats").orElseThrow();
        List<FeatureSpec> features = new ArrayList<>(stats.features());
        features.add(new FeatureSpec(feature, ValueType.FLOAT64, "acc_rate", ""));
        FeatureViewSpec changed = new FeatureViewSpec(stats.name(), stats.entities(), stats.source(), stats.ttlSeconds(),
                true, features, stats.aggregations(), stats.owner(), stats.tags(), stats.description());
        List<FeatureViewSpec> views = new ArrayList<>(spec.featureViews());
        views.set(views.indexOf(stats), changed);
        RepoSpec next = new RepoSpec(spec.project(), spec.entities(), spec.sources(), views, spec.featureServices());
        assertThat(http.post("/api/v1/apply?author=test", SpecJson.write(next)).status()).isEqualTo(200);

        Http.Response response = serving.post("/get-online-features", Map.of("features",
                List.of("driver_stats:" + feature), "entities", Map.of("driver_id", List.of(1))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(names(response.json().path("results").get(1).path("statuses"))).containsExactly("NOT_FOUND");
    }

    @Test
    void readinessIncludesTheOnlineStore() {
        Http.Response ready = http.get("/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("online").asText()).isEqualTo("UP");
    }

    @Test
    void lookupsAreCountedPerFeatureInTheRegistry() throws Exception {
        long before = lookups("customer_stats", "score");
        for (int i = 0; i < 3; i++) {
            assertThat(serving.post("/get-online-features", Map.of("features", List.of("customer_stats:score"),
                    "entities", Map.of("customer_id", List.of("c1", "c2")))).status()).isEqualTo(200);
        }
        service.flushCounts();
        assertThat(lookups("customer_stats", "score")).isEqualTo(before + 6);
    }

    private long lookups(String view, String feature) throws Exception {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT lookups FROM feature_usage WHERE project = ? AND view_name = ? AND feature = ?")) {
            s.setString(1, repo().project());
            s.setString(2, view);
            s.setString(3, feature);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    static void assertField(Http.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).as(response.body()).isEqualTo(field);
    }

    /** The error object of Feast's error shape: the body is a JSON string holding it. */
    static JsonNode feastError(Http.Response response) {
        assertThat(response.json().isTextual()).as(response.body()).isTrue();
        try {
            JsonNode error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.json().asText());
            assertThat(error.path("module").asText()).isEqualTo("feast.errors");
            assertThat(error.path("class").asText()).isNotBlank();
            return error;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    /** Bad input on a Feast-shaped endpoint: 422, Feast's {@code FeastError}, Granary's field inside. */
    static void assertFeastField(Http.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(feastError(response).path("class").asText()).isEqualTo("FeastError");
        assertThat(feastError(response).path("field").asText()).as(response.body()).isEqualTo(field);
    }

    static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> names(Iterable<String> names) {
        List<String> out = new ArrayList<>();
        names.forEach(out::add);
        return out;
    }
}
