package dev.granary.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.registry.RegistryDatabase;
import dev.granary.server.GranaryServer;
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
import java.util.UUID;
import dev.granary.security.AccessTable.Call;
import dev.granary.security.AccessTable.Who;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The secured server the role tests share: {@code security.enabled: true}, both ports, one Spring context (the
 * subclasses declare nothing that would make Spring start another), and, made once, a token for every kind of caller
 * in {@link AccessTable.Who}, the data and an applied spec, and a materialization job.
 *
 * <p>The applied spec ({@link #SPEC}) holds restricted features three ways: view {@code customer_stats} is
 * restricted (so is the service {@code ranking}, which lists one of its features), feature
 * {@code driver_archive:trips} is, and view {@code driver_recent} is tagged {@code pii}; service {@code drivers}
 * holds none. Rows of the {@link AccessTable} whose route starts with {@code RESTRICTED} call endpoints that read
 * them; {@link Who#GRANTED} is a writer granted all three. Push source {@code customers_push} feeds
 * {@code customer_stats}.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class SecuredServer {
    static final OnlineTestRepo REPO = OnlineTestRepo.create(temporaryFolder(),
            "matrix_" + UUID.randomUUID().toString().substring(0, 8), 3, 2,
            "security:\n  enabled: true\nserver:\n  onlinePort: 0");
    static final String P = REPO.project();
    static final RepoSpec SPEC = withRestrictions(REPO.spec());
    /** The restricted view's values: one text and one number no other data holds, so a leak is found by text. */
    static final String SECRET_LEVEL = "SECRET-LEVEL-7f3a";
    static final double SECRET_SCORE = 98765.4321;
    static final String SECRET_SCORE_TEXT = "98765.43";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;
    @Autowired
    OnlinePort onlinePort;
    @Autowired
    RegistryDatabase database;

    static final Map<Who, String> SECRETS = new EnumMap<>(Who.class);
    static final Map<Who, String> NAMES = new EnumMap<>(Who.class);
    static String jobId;
    /** The token the DELETE and grant rows act on. */
    static String targetId;
    static final AccessTable TABLE = new AccessTable(P, () -> SpecJson.write(SPEC), () -> jobId,
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

    static String made(TokenStore.Created created, Who who) {
        NAMES.put(who, created.token().name());
        return created.secret();
    }

    /** Waits for a job to end (generously: the machine may be loaded) and requires it to have succeeded. */
    void awaitJob(String id) {
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
    static RepoSpec withRestrictions(RepoSpec spec) {
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

    HttpResponse<String> send(Call call, Who who) {
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

    static JsonNode json(String text) {
        try {
            return text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    static java.nio.file.Path temporaryFolder() {
        try {
            return Files.createTempDirectory("granary-matrix");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
