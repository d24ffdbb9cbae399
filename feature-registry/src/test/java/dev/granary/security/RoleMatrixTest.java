package dev.granary.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.registry.RegistryDatabase;
import dev.granary.server.GranaryServer;
import dev.granary.serving.OnlineHttpServer;
import dev.granary.serving.OnlinePort;
import dev.granary.serving.OnlineTestRepo;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
 * asserted from the table below. The endpoints come from Spring's handler mappings and the serving port's route
 * list: an endpoint added without a row here fails {@link #theTableCoversEveryEndpointOfBothPorts}.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoleMatrixTest {
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(temporaryFolder(),
            "matrix_" + UUID.randomUUID().toString().substring(0, 8), 3, 2,
            "security:\n  enabled: true\nserver:\n  onlinePort: 0");
    private static final String P = REPO.project();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicInteger OUTPUTS = new AtomicInteger();
    /** Any status but 401 and 403: the route is open to everyone. */
    private static final int OPEN = -1;

    /** The kinds of caller, in the order of the table's columns. */
    enum Who { NONE, WRONG_PROJECT, READER, WRITER, ADMIN, REVOKED, EXPIRED }

    @LocalServerPort
    int port;
    @Autowired
    OnlinePort onlinePort;
    @Autowired
    RegistryDatabase database;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private static final Map<Who, String> SECRETS = new EnumMap<>(Who.class);
    private static final Map<Who, String> NAMES = new EnumMap<>(Who.class);
    private static String jobId;
    /** The token the DELETE and grant rows act on. */
    private static String targetId;

    /** One call: where it goes and what it sends. */
    record Call(String method, Supplier<String> path, Supplier<Object> body, boolean servingPort,
                Map<String, String> headers) {
        Call(String method, Supplier<String> path, Supplier<Object> body, boolean servingPort) {
            this(method, path, body, servingPort, Map.of());
        }

        Call withHeader(String name, String value) {
            return new Call(method, path, body, servingPort, Map.of(name, value));
        }
    }

    /** A row: the route as Spring maps it, the call, and the status for each {@link Who}. */
    record Row(String route, Call call, int[] expected) {
    }

    private static Row row(String route, Call call, int... expected) {
        assertThat(expected).hasSize(Who.values().length);
        return new Row(route, call, expected);
    }

    private static Call get(String path) {
        return new Call("GET", () -> path, () -> null, false);
    }

    private static Call post(String path, Supplier<Object> body) {
        return new Call("POST", () -> path, body, false);
    }

    //                         NONE WRONG READ WRITE ADMIN REVOKED EXPIRED
    private static final int[] READ = {401, 403, 200, 200, 200, 401, 401};
    private static final int[] WRITE = {401, 403, 403, 200, 200, 401, 401};
    private static final int[] LIST = {401, 200, 200, 200, 200, 401, 401};
    private static final int[] ADMIN = {401, 403, 403, 403, 200, 401, 401};
    private static final int[] ADMIN_LIST = {401, 200, 403, 403, 200, 401, 401};
    private static final int[] EVERYONE = {OPEN, OPEN, OPEN, OPEN, OPEN, OPEN, OPEN};

    private static List<Row> table() {
        String base = "/api/v1/projects/" + P;
        Supplier<Object> lookup = () -> Map.of("features", List.of("driver_stats:trips"),
                "entities", Map.of("driver_id", List.of(1)));
        Supplier<Object> push = () -> Map.of("feature_view", "driver_stats", "to", "online", "df", Map.of(
                "driver_id", List.of(2), "event_timestamp", List.of(Instant.now().toString()), "trips", List.of(7)));
        Supplier<Object> write = () -> Map.of("feature_view_name", "driver_stats", "df", Map.of(
                "driver_id", List.of(3), "event_timestamp", List.of(Instant.now().toString()), "trips", List.of(8)));
        Supplier<Object> materialize = () -> Map.of("start_ts", "2020-01-01T00:00:00",
                "end_ts", Instant.now().toString(), "feature_views", List.of("driver_stats"));
        Supplier<Object> incremental = () -> Map.of("end_ts", Instant.now().toString(),
                "feature_views", List.of("driver_stats"));
        List<Row> rows = new ArrayList<>();
        rows.add(row("GET /health", get("/health"), EVERYONE));
        rows.add(row("GET /ready", get("/ready"), EVERYONE));
        rows.add(row("* /error", get("/error"), EVERYONE));
        rows.add(row("POST /api/v1/plan", post("/api/v1/plan", () -> SpecJson.write(REPO.spec())), READ));
        rows.add(row("POST /api/v1/apply", post("/api/v1/apply", () -> SpecJson.write(REPO.spec())), WRITE));
        rows.add(row("GET /api/v1/projects", get("/api/v1/projects"), LIST));
        rows.add(row("GET /api/v1/projects/{project}", get(base), READ));
        rows.add(row("GET /api/v1/projects/{project}/versions", get(base + "/versions"), READ));
        rows.add(row("GET /api/v1/projects/{project}/versions/{version}", get(base + "/versions/1"), READ));
        rows.add(row("POST /api/v1/projects/{project}/rollback/{version}", post(base + "/rollback/1", () -> null), WRITE));
        rows.add(row("GET /api/v1/projects/{project}/entities", get(base + "/entities"), READ));
        rows.add(row("GET /api/v1/projects/{project}/sources", get(base + "/sources"), READ));
        rows.add(row("GET /api/v1/projects/{project}/feature-views", get(base + "/feature-views"), READ));
        rows.add(row("GET /api/v1/projects/{project}/feature-views/{name}", get(base + "/feature-views/driver_stats"), READ));
        rows.add(row("GET /api/v1/projects/{project}/feature-services", get(base + "/feature-services"), READ));
        rows.add(row("GET /api/v1/search", get("/api/v1/search?q=conv"), LIST));
        rows.add(row("GET /api/v1/projects/{project}/features/{view}/{feature}",
                get(base + "/features/driver_stats/conv_rate"), READ));
        rows.add(row("POST /api/v1/projects/{project}/statistics", post(base + "/statistics", () -> Map.of()), WRITE));
        rows.add(row("GET /api/v1/projects/{project}/feature-services/{service}/health",
                get(base + "/feature-services/ranking/health"), READ));
        rows.add(row("POST /api/v1/projects/{project}/training-sets", post(base + "/training-sets", () -> Map.of(
                "entities", "entities.parquet", "features", List.of("driver_stats:conv_rate"),
                "output", "out/m" + OUTPUTS.incrementAndGet() + ".parquet")), accepted(READ)));
        rows.add(row("POST /api/v1/projects/{project}/materializations", post(base + "/materializations", () -> Map.of(
                "start", "2020-01-01T00:00:00Z", "end", Instant.now().toString())), accepted(WRITE)));
        rows.add(row("GET /api/v1/jobs/{id}", new Call("GET", () -> "/api/v1/jobs/" + jobId, () -> null, false), READ));
        rows.add(row("POST /get-online-features", post("/get-online-features", lookup), READ));
        rows.add(row("POST /push", post("/push", push), WRITE));
        rows.add(row("POST /write-to-online-store", post("/write-to-online-store", write), WRITE));
        rows.add(row("POST /materialize", post("/materialize", materialize), WRITE));
        rows.add(row("POST /materialize-incremental", post("/materialize-incremental", incremental), WRITE));
        rows.add(row("GET /api/v1/tokens", get("/api/v1/tokens"), ADMIN_LIST));
        rows.add(row("POST /api/v1/tokens", post("/api/v1/tokens", () -> Map.of("project", P, "role", "reader")),
                created(ADMIN)));
        rows.add(row("DELETE /api/v1/tokens/{id}", new Call("DELETE", () -> "/api/v1/tokens/" + targetId,
                () -> null, false), ADMIN));
        rows.add(row("POST /api/v1/tokens/{id}/grants", new Call("POST", () -> "/api/v1/tokens/" + targetId
                + "/grants", () -> Map.of("target", "driver_stats:conv_rate"), false), ADMIN));
        rows.add(row("GET /api/v1/audit", get("/api/v1/audit"), ADMIN_LIST));
        // the serving port
        rows.add(row("SERVING POST /get-online-features", new Call("POST", () -> "/get-online-features", lookup, true),
                READ));
        rows.add(row("SERVING POST /push", new Call("POST", () -> "/push", push, true), WRITE));
        rows.add(row("SERVING POST /write-to-online-store", new Call("POST", () -> "/write-to-online-store", write,
                true), WRITE));
        rows.add(row("SERVING POST /materialize", new Call("POST", () -> "/materialize", materialize, true), WRITE));
        rows.add(row("SERVING POST /materialize-incremental", new Call("POST", () -> "/materialize-incremental",
                incremental, true), WRITE));
        return rows;
    }

    private static int[] accepted(int[] statuses) {
        return java.util.Arrays.stream(statuses).map(s -> s == 200 ? 202 : s).toArray();
    }

    private static int[] created(int[] statuses) {
        return java.util.Arrays.stream(statuses).map(s -> s == 200 ? 201 : s).toArray();
    }

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
        assertThat(send(new Call("POST", () -> "/api/v1/apply", () -> SpecJson.write(REPO.spec()), false), Who.ADMIN)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> job = send(table().stream().filter(r -> r.route().endsWith("/materializations"))
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
        Set<String> inTable = new TreeSet<>();
        table().forEach(r -> inTable.add(r.route()));
        assertThat(inTable).as("every endpoint needs a row in RoleMatrixTest.table()").containsExactlyElementsOf(routes);
        // and the server's own rule table covers the same endpoints
        routes.stream().filter(r -> !r.startsWith("SERVING ")).forEach(r -> assertThat(
                AccessRules.of(r.substring(0, r.indexOf(' ')), r.substring(r.indexOf(' ') + 1))).as(r).isPresent());
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheTableSays() {
        List<String> failures = new ArrayList<>();
        for (Row row : table()) {
            for (Who who : Who.values()) {
                int expected = row.expected()[who.ordinal()];
                HttpResponse<String> answer = send(row.call(), who);
                int status = answer.statusCode();
                boolean ok = expected == OPEN ? status != 401 && status != 403 : status == expected;
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
                    if (status == 403 && !body.path("message").asText().contains("needs the role")) {
                        failures.add(row.route() + " as " + who + ": 403 does not name the role: " + answer.body());
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
    void versionsAppliedWithATokenAreAuthoredByItsNameWhateverTheCallClaims() {
        var spec = REPO.spec();
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
        send(post("/api/v1/apply", () -> SpecJson.write(REPO.spec())), Who.READER);
        send(get("/api/v1/projects/" + P), Who.NONE);
        send(new Call("POST", () -> "/push", () -> Map.of("feature_view", "driver_stats", "df", Map.of()), true),
                Who.READER);
        List<AuditLog.Entry> entries = new AuditLog(database.dataSource()).read(null, null, 10_000);
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
        send(post("/api/v1/apply", () -> SpecJson.write(REPO.spec())), Who.WRITER);
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
