package dev.granary.security;

import static dev.granary.security.AccessTable.get;
import static dev.granary.security.AccessTable.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.health.HealthCheck;
import dev.granary.health.HealthRequest;
import dev.granary.health.monitor.HealthHistory;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.registry.RegistryDatabase;
import dev.granary.server.GranaryServer;
import dev.granary.serving.OnlineHttpServer;
import dev.granary.serving.OnlinePort;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.PushSourceSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import dev.granary.security.AccessTable.Call;
import dev.granary.security.AccessTable.Row;
import dev.granary.security.AccessTable.Who;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * With {@code security.enabled: true}, every endpoint of both ports against every kind of caller, each answer
 * asserted from {@link AccessTable}. The endpoints come from Spring's handler mappings and the serving port's route
 * list: an endpoint added without a row here fails {@link #theTableCoversEveryEndpointOfBothPorts}.
 *
 * <p>The applied spec ({@link #SPEC}) holds restricted features three ways: view {@code customer_stats} is
 * restricted (so is the service {@code ranking}, which lists one of its features), feature
 * {@code driver_archive:trips} is, and view {@code driver_recent} is tagged {@code pii}; service {@code drivers}
 * holds none. Rows whose route starts
 * with {@code RESTRICTED} call endpoints that read them; {@link Who#GRANTED} is a writer granted all three.
 * {@link #aCallerWithoutTheGrantLearnsNoRestrictedValueStatisticOrSample} is the leak test. Push source
 * {@code customers_push} feeds {@code customer_stats}.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoleMatrixTest {
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(temporaryFolder(),
            "matrix_" + UUID.randomUUID().toString().substring(0, 8), 3, 2,
            "security:\n  enabled: true\nserver:\n  onlinePort: 0");
    private static final String P = REPO.project();
    private static final RepoSpec SPEC = withRestrictions(REPO.spec());
    /** The restricted view's values: one text and one number no other data holds, so a leak is found by text. */
    private static final String SECRET_LEVEL = "SECRET-LEVEL-7f3a";
    private static final double SECRET_SCORE = 98765.4321;
    private static final String SECRET_SCORE_TEXT = "98765.43";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;
    @Autowired
    OnlinePort onlinePort;
    @Autowired
    RegistryDatabase database;
    @Autowired
    HealthCheck healthCheck;
    @Autowired
    HealthHistory healthHistory;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private static final Map<Who, String> SECRETS = new EnumMap<>(Who.class);
    private static final Map<Who, String> NAMES = new EnumMap<>(Who.class);
    private static String jobId;
    /** The token the DELETE and grant rows act on. */
    private static String targetId;
    private static final AccessTable TABLE = new AccessTable(P, () -> SpecJson.write(SPEC), () -> jobId,
            () -> targetId);

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, () -> REPO.dir().toString());
    }

    @BeforeEach
    void tokensAndData() {
        if (!SECRETS.isEmpty()) {
            return;
        }
        TokenStore tokens = new TokenStore(database.dataSource());
        SECRETS.put(Who.READER, made(tokens.create(P, Role.READER, "matrix-reader", Optional.empty()), Who.READER));
        SECRETS.put(Who.WRITER, made(tokens.create(P, Role.WRITER, "matrix-writer", Optional.empty()), Who.WRITER));
        SECRETS.put(Who.ADMIN, made(tokens.create(P, Role.ADMIN, "matrix-admin", Optional.empty()), Who.ADMIN));
        TokenStore.Created granted = tokens.create(P, Role.WRITER, "matrix-granted", Optional.empty());
        tokens.grant(granted.token().id(), "customer_stats");
        tokens.grant(granted.token().id(), "driver_archive:trips");
        tokens.grant(granted.token().id(), "driver_recent");
        SECRETS.put(Who.GRANTED, made(granted, Who.GRANTED));
        SECRETS.put(Who.WRONG_PROJECT, made(tokens.create("other_" + P, Role.ADMIN, "matrix-other", Optional.empty()),
                Who.WRONG_PROJECT));
        TokenStore.Created revoked = tokens.create(P, Role.ADMIN, "matrix-revoked", Optional.empty());
        tokens.revoke(revoked.token().id());
        SECRETS.put(Who.REVOKED, revoked.secret());
        TokenStore past = new TokenStore(database.dataSource(),
                Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));
        SECRETS.put(Who.EXPIRED, past.create(P, Role.ADMIN, "matrix-expired",
                Optional.of(Instant.now().minus(Duration.ofDays(1)))).secret());
        targetId = tokens.create(P, Role.READER, "matrix-target", Optional.empty()).token().id();

        List<Object[]> rows = new ArrayList<>();
        for (long d = 1; d <= REPO.drivers(); d++) {
            rows.add(new Object[] {d, REPO.now()});
        }
        ParquetTables.write(REPO.dir().resolve("entities.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP)), rows);
        List<Object[]> customers = new ArrayList<>();
        for (int c = 1; c <= REPO.customers(); c++) {
            customers.add(new Object[] {"c" + c, REPO.now().minus(Duration.ofHours(5)).plusSeconds(c), SECRET_LEVEL,
                    SECRET_SCORE});
        }
        ParquetTables.write(REPO.dir().resolve("data/customers.parquet"), List.of(
                new Column("customer_id", ValueType.STRING), new Column("event_timestamp", ValueType.TIMESTAMP),
                new Column("level", ValueType.STRING), new Column("score", ValueType.FLOAT64)), customers);
        assertThat(send(new Call("POST", () -> "/api/v1/apply", () -> SpecJson.write(SPEC), false), Who.ADMIN)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> job = send(TABLE.rows().stream().filter(r -> r.route().endsWith("/materializations"))
                .findFirst().orElseThrow().call(), Who.ADMIN);
        jobId = json(job.body()).path("id").asText();
    }

    private static String made(TokenStore.Created created, Who who) {
        NAMES.put(who, created.token().name());
        return created.secret();
    }

    @Test
    void theTableCoversEveryEndpointOfBothPorts() {
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            Set<String> methods = new TreeSet<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.add("*");
            }
            for (String pattern : info.getPatternValues()) {
                methods.forEach(m -> routes.add(m + " " + pattern));
            }
        });
        OnlineHttpServer.ROUTES.forEach(r -> routes.add("SERVING POST " + r));
        OnlineHttpServer.GET_ROUTES.forEach(r -> routes.add("SERVING GET " + r));
        Set<String> inTable = new TreeSet<>();
        TABLE.rows().stream().filter(r -> r.restricted() == null).forEach(r -> inTable.add(r.route()));
        TABLE.rows().stream().filter(r -> r.restricted() != null).forEach(r -> assertThat(routes)
                .as("a RESTRICTED row names a real route").contains(r.route().substring("RESTRICTED ".length())
                        .replaceFirst(" \\(.*\\)$", "")));
        assertThat(inTable).as("every endpoint needs a row in AccessTable.rows()").containsExactlyElementsOf(routes);
        // and the server's own rule table covers the same endpoints
        routes.stream().filter(r -> !r.startsWith("SERVING ")).forEach(r -> assertThat(
                AccessRules.of(r.substring(0, r.indexOf(' ')), r.substring(r.indexOf(' ') + 1))).as(r).isPresent());
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheTableSays() {
        List<String> failures = new ArrayList<>();
        for (Row row : TABLE.rows()) {
            for (Who who : Who.values()) {
                int expected = row.expected()[who.ordinal()];
                HttpResponse<String> answer = send(row.call(), who);
                int status = answer.statusCode();
                boolean ok = expected == AccessTable.OPEN ? status != 401 && status != 403 : status == expected;
                if (!ok) {
                    failures.add(row.route() + " as " + who + ": expected " + expected + ", got " + status + " "
                            + answer.body());
                    continue;
                }
                if (status == 401 || status == 403) {
                    JsonNode body = json(answer.body());
                    if (!body.hasNonNull("error") || !body.hasNonNull("message")) {
                        failures.add(row.route() + " as " + who + ": no JSON error: " + answer.body());
                    }
                    boolean restrictedRefusal = body.path("error").asText().equals("RESTRICTED_FEATURE");
                    if (status == 403 && !restrictedRefusal
                            && !body.path("message").asText().contains("needs the role")) {
                        failures.add(row.route() + " as " + who + ": 403 does not name the role: " + answer.body());
                    }
                    if (restrictedRefusal && (row.restricted() == null
                            || !body.path("message").asText().contains(row.restricted()))) {
                        failures.add(row.route() + " as " + who + ": 403 does not name " + row.restricted() + ": "
                                + answer.body());
                    }
                    for (Who w : Who.values()) {
                        if (SECRETS.get(w) != null && answer.body().contains(SECRETS.get(w))) {
                            failures.add(row.route() + " as " + who + ": a token secret is in the answer");
                        }
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void metricsNeedAReaderOfEveryProject() {
        TokenStore tokens = new TokenStore(database.dataSource());
        String scraper = tokens.create(ApiToken.ALL_PROJECTS, Role.READER, "matrix-prometheus", Optional.empty())
                .secret();
        for (boolean servingPort : List.of(false, true)) {
            Call metrics = new Call("GET", () -> "/metrics", () -> null, servingPort)
                    .withHeader("Authorization", "Bearer " + scraper);
            HttpResponse<String> answer = send(metrics, Who.NONE);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("granary_online_circuit_state");
        }
    }

    @Test
    void versionsAppliedWithATokenAreAuthoredByItsNameWhateverTheCallClaims() {
        var spec = SPEC;
        var smaller = new dev.granary.spec.RepoSpec(spec.project(), spec.entities(), spec.sources(),
                spec.featureViews().stream().filter(v -> !v.name().equals("driver_archive")).toList(),
                spec.featureServices());
        Call apply = new Call("POST", () -> "/api/v1/apply?author=mallory&force=true", () -> SpecJson.write(smaller),
                false);
        HttpResponse<String> applied = send(apply, Who.WRITER);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        JsonNode history = json(send(get("/api/v1/projects/" + P + "/versions"), Who.READER).body());
        assertThat(history.get(0).path("author").asText()).isEqualTo(NAMES.get(Who.WRITER));
        assertThat(send(new Call("POST", () -> "/api/v1/projects/" + P + "/rollback/1", () -> null, false)
                .withHeader("X-Granary-Author", "mallory"), Who.WRITER).statusCode()).isEqualTo(200);
        history = json(send(get("/api/v1/projects/" + P + "/versions"), Who.READER).body());
        assertThat(history.get(0).path("author").asText()).isEqualTo(NAMES.get(Who.WRITER));
    }

    @Test
    void deniedCallsAreInTheAuditLogWithWhoAndWhy() {
        send(post("/api/v1/apply", () -> SpecJson.write(SPEC)), Who.READER);
        send(get("/api/v1/projects/" + P), Who.NONE);
        send(new Call("POST", () -> "/push", () -> Map.of("feature_view", "driver_stats", "df", Map.of()), true),
                Who.READER);
        send(TABLE.restrictedRow("SERVING POST /get-online-features").call(), Who.READER);
        send(TABLE.restrictedRow("POST /api/v1/projects/{project}/training-sets").call(), Who.WRITER);
        List<AuditLog.Entry> entries = new AuditLog(database.dataSource()).read(null, null, 10_000);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("POST /get-online-features");
            assertThat(e.actor()).contains(NAMES.get(Who.READER));
            assertThat(e.result()).isEqualTo("RESTRICTED_FEATURE");
            assertThat(e.detail()).contains("customer_stats:level");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("POST /api/v1/projects/{project}/training-sets");
            assertThat(e.actor()).contains(NAMES.get(Who.WRITER));
            assertThat(e.result()).isEqualTo("RESTRICTED_FEATURE");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("denied");
            assertThat(e.target()).isEqualTo("POST /api/v1/apply");
            assertThat(e.actor()).contains(NAMES.get(Who.READER));
            assertThat(e.result()).isEqualTo("FORBIDDEN");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("GET /api/v1/projects/{project}");
            assertThat(e.actor()).isEqualTo("anonymous");
            assertThat(e.result()).isEqualTo("TOKEN_REQUIRED");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("POST /push");
            assertThat(e.actor()).contains(NAMES.get(Who.READER));
        });
        assertThat(entries).anySatisfy(e -> assertThat(e.action()).isEqualTo("apply"));
        for (AuditLog.Entry e : entries) {
            SECRETS.values().forEach(s -> assertThat(String.valueOf(e.detail())).doesNotContain(s));
        }
    }

    @Test
    void adminsReadTheAuditLogOfTheirProjectNewestFirst() {
        send(post("/api/v1/apply", () -> SpecJson.write(SPEC)), Who.WRITER);
        JsonNode rows = json(send(get("/api/v1/audit?project=" + P + "&since=2020-01-01T00:00:00Z&limit=50"),
                Who.ADMIN).body());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.size()).isPositive();
        rows.forEach(r -> assertThat(r.path("project").asText()).isEqualTo(P));
        assertThat(rows.get(0).path("action").asText()).isEqualTo("apply");
        assertThat(rows.get(0).path("actor").asText()).contains(NAMES.get(Who.WRITER));
        HttpResponse<String> other = send(get("/api/v1/audit?project=other"), Who.ADMIN);
        assertThat(other.statusCode()).isEqualTo(403);
    }

    @Test
    void aCallerWithoutTheGrantLearnsNoRestrictedValueStatisticOrSample() {
        String base = "/api/v1/projects/" + P;
        awaitJob(jobId);
        HttpResponse<String> computed = send(post(base + "/statistics", Map::of), Who.ADMIN);
        assertThat(computed.statusCode()).as(computed.body()).isEqualTo(200);
        // the probes can see a leak: the secrets are where a granted caller looks
        assertThat(computed.body()).contains(SECRET_LEVEL).contains(SECRET_SCORE_TEXT);
        assertThat(send(get(base + "/features/customer_stats/score"), Who.GRANTED).body()).contains(SECRET_SCORE_TEXT);
        assertThat(send(get(base + "/features/customer_stats/level"), Who.GRANTED).body()).contains(SECRET_LEVEL);
        assertThat(send(TABLE.restrictedRow("POST /get-online-features").call(), Who.GRANTED).body()).contains(SECRET_LEVEL);
        assertThat(send(TABLE.restrictedRow("SERVING POST /get-online-features").call(), Who.ADMIN).body())
                .contains(SECRET_LEVEL);
        // a stored check of the service holding the restricted view: its statistics carry the restricted values
        healthHistory.record(healthCheck.check(new HealthRequest(P, "ranking", null, null, null)));
        assertThat(send(get(base + "/feature-services/ranking/health/history"), Who.GRANTED).body())
                .contains(SECRET_LEVEL);

        List<Call> probes = new ArrayList<>();
        TABLE.rows().forEach(r -> probes.add(r.call()));
        for (String q : List.of(SECRET_LEVEL, "level", "score", "customer_stats", "customer", "secret", "")) {
            probes.add(get("/api/v1/search?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8)
                    + "&limit=100"));
        }
        probes.add(get("/api/v1/search?kind=numeric&limit=100"));
        probes.add(get("/api/v1/search?kind=categorical&limit=100"));
        probes.add(get(base + "/features/customer_stats/level"));
        probes.add(get(base + "/features/driver_recent/conv_rate"));
        probes.add(post(base + "/statistics", () -> Map.of("views", List.of("customer_stats"))));
        probes.add(new Call("GET", () -> "/api/v1/jobs/" + jobId, () -> null, false));
        List<String> leaks = new ArrayList<>();
        for (Who who : List.of(Who.READER, Who.WRITER)) {
            for (Call probe : probes) {
                String body = send(probe, who).body();
                if (body.contains(SECRET_LEVEL) || body.contains(SECRET_SCORE_TEXT)) {
                    leaks.add(probe.method() + " " + probe.path().get() + " as " + who + ": " + body);
                }
            }
        }
        assertThat(leaks).isEmpty();

        // the documented choice: names show in search, without statistics; unrestricted hits keep theirs
        JsonNode hits = json(send(get("/api/v1/search?q=score&limit=100"), Who.READER).body()).path("hits");
        List<JsonNode> restrictedHits = new ArrayList<>();
        hits.forEach(h -> {
            if (h.path("view").asText().equals("customer_stats") && h.path("name").asText().equals("score")) {
                restrictedHits.add(h);
            }
        });
        assertThat(restrictedHits).singleElement().satisfies(h -> {
            assertThat(h.path("stats").isObject()).isFalse();
            assertThat(h.path("restricted").asBoolean()).isTrue();
        });
        JsonNode open = json(send(get("/api/v1/search?q=acc_rate&limit=100"), Who.READER).body()).path("hits");
        List<JsonNode> withStats = new ArrayList<>();
        open.forEach(h -> {
            if (h.path("view").asText().equals("driver_stats") && h.path("stats").isObject()) {
                withStats.add(h);
            }
        });
        assertThat(withStats).as("an unrestricted feature's hit carries its statistics").isNotEmpty()
                .allSatisfy(h -> assertThat(h.path("restricted").asBoolean()).isFalse());
    }

    /** Waits for a job to end (generously: the machine may be loaded) and requires it to have succeeded. */
    private void awaitJob(String id) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            JsonNode job = json(send(new Call("GET", () -> "/api/v1/jobs/" + id, () -> null, false), Who.ADMIN).body());
            status = job.path("status").asText();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(status).as("job " + id).isEqualTo("SUCCEEDED");
    }

    /**
     * The shared test spec with restrictions: view {@code customer_stats} restricted, feature
     * {@code driver_archive:trips} restricted, view {@code driver_recent} tagged {@code pii}.
     */
    private static RepoSpec withRestrictions(RepoSpec spec) {
        List<FeatureViewSpec> views = spec.featureViews().stream().map(v -> switch (v.name()) {
            case "customer_stats" -> new FeatureViewSpec(v.name(), v.entities(), v.source(), v.ttlSeconds(),
                    v.online(), v.features(), v.aggregations(), v.owner(), v.tags(), v.description(), true);
            case "driver_recent" -> new FeatureViewSpec(v.name(), v.entities(), v.source(), v.ttlSeconds(),
                    v.online(), v.features(), v.aggregations(), v.owner(), Map.of("pii", "true"), v.description());
            case "driver_archive" -> new FeatureViewSpec(v.name(), v.entities(), v.source(), v.ttlSeconds(),
                    v.online(), v.features().stream().map(f -> new FeatureSpec(f.name(), f.type(), f.column(),
                    f.description(), f.name().equals("trips"))).toList(), v.aggregations(), v.owner(), v.tags(),
                    v.description());
            default -> v;
        }).toList();
        List<FeatureServiceSpec> services = new ArrayList<>(spec.featureServices());
        services.add(new FeatureServiceSpec("drivers", List.of("driver_stats:trips"), "", Map.of(), ""));
        return new RepoSpec(spec.project(), spec.entities(), spec.sources(), views, services,
                List.of(new PushSourceSpec("customers_push", "customers", "")));
    }

    private HttpResponse<String> send(Call call, Who who) {
        int target = call.servingPort() ? onlinePort.port().orElseThrow() : port;
        Object body = call.body().get();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target
                + call.path().get())).timeout(Duration.ofSeconds(60));
        try {
            String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
            request.method(call.method(), text.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(text));
            if (!text.isEmpty()) {
                request.header("Content-Type", "application/json");
            }
            call.headers().forEach(request::header);
            if (who != Who.NONE) {
                request.header("Authorization", "Bearer " + SECRETS.get(who));
            }
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static java.nio.file.Path temporaryFolder() {
        try {
            return Files.createTempDirectory("granary-matrix");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
