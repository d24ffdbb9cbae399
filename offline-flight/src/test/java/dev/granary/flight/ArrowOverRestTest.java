package dev.granary.flight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.config.GranaryConfig;
import dev.granary.dsl.Definitions;
import dev.granary.export.TrainingSetRequest;
import dev.granary.export.TrainingSets;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.offline.ProgressListener;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.Registry;
import dev.granary.security.Role;
import dev.granary.security.TokenStore;
import dev.granary.server.GranaryServer;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code granary serve} as the CLI starts it, with this module on the classpath and security on: a plain
 * {@code java.net.http} client posts the JSON job's body with {@code Accept: application/vnd.apache.arrow.stream}
 * and reads the answer with Arrow's {@link ArrowStreamReader}; the rows equal the file export of the same request.
 */
class ArrowOverRestTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final int ENTITY_ROWS = 150_000; // several engine batches, so several record batches
    private static final String ARROW = "application/vnd.apache.arrow.stream";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path repo;
    private static ConfigurableApplicationContext server;
    private static int port;
    private static String reader;
    private static String granted;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(repo.resolve("data"));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            rows.add(new Object[] {(long) (i % 800), T0.plusSeconds(i * 60L), i % 9 == 0 ? null : i / 100.0, "t" + (i % 13)});
        }
        ParquetTables.write(repo.resolve("data/drivers.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("conv_rate", ValueType.FLOAT64),
                new Column("tier", ValueType.STRING)), rows);
        List<Object[]> entities = new ArrayList<>();
        for (int i = 0; i < ENTITY_ROWS; i++) {
            entities.add(new Object[] {i % 17 == 0 ? null : (long) (i % 900), T0.plusSeconds((i % 6000) * 55L), "row" + i});
        }
        ParquetTables.write(repo.resolve("data/entities.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("label", ValueType.STRING)), entities);
        RepoSpec spec = Definitions.toSpec("rides", r -> {
            var driver = r.entity("driver").key("driver_id", ValueType.INT64);
            var source = r.parquet("drivers", "data/drivers.parquet");
            r.featureView("driver_stats", driver, source).ttl(Duration.ofDays(1))
                    .feature("conv_rate", ValueType.FLOAT64).feature("tier", ValueType.STRING).restricted("tier");
        });
        GranaryConfig config = GranaryConfig.load(repo, Map.of("GRANARY_SERVER_PORT", "0",
                "GRANARY_SECURITY_ENABLED", "true"));
        server = GranaryServer.start(config, "--server.address=127.0.0.1");
        port = ((ServletWebServerApplicationContext) server).getWebServer().getPort();
        server.getBean(Registry.class).apply(spec, ApplyOptions.by("test"));
        TokenStore tokens = server.getBean(TokenStore.class);
        reader = tokens.create("rides", Role.READER, "notebook", Optional.empty()).secret();
        TokenStore.Created withGrant = tokens.create("rides", Role.READER, "granted", Optional.empty());
        tokens.grant(withGrant.token().id(), "driver_stats:tier");
        granted = withGrant.secret();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<InputStream> post(String token, String accept, Map<String, Object> body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/projects/rides/training-sets"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static JsonNode json(HttpResponse<InputStream> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        try (InputStream in = response.body()) {
            return JSON.readTree(in);
        }
    }

    /** The rows of an Arrow IPC stream, timestamps as instants and text as strings (as the Parquet reader gives). */
    private static List<List<Object>> read(InputStream body) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(body, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                for (int r = 0; r < root.getRowCount(); r++) {
                    List<Object> row = new ArrayList<>();
                    for (FieldVector v : root.getFieldVectors()) {
                        Object value = v.getObject(r);
                        if (v instanceof TimeStampMicroTZVector t && !t.isNull(r)) {
                            long micros = t.get(r);
                            value = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                                    Math.floorMod(micros, 1_000_000L) * 1000L);
                        } else if (value instanceof org.apache.arrow.vector.util.Text text) {
                            value = text.toString();
                        }
                        row.add(value);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    @Test
    void acceptingArrowStreamsTheTrainingSetTheFileExportWrites() throws Exception {
        List<String> features = List.of("driver_stats:conv_rate", "driver_stats:tier");
        HttpResponse<InputStream> response = post(granted, ARROW, Map.of("entities", "data/entities.parquet",
                "features", features));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(ARROW);
        List<List<Object>> streamed = read(response.body());

        server.getBean(TrainingSets.class).export(new TrainingSetRequest("rides", Path.of("data/entities.parquet"),
                features, null, Path.of("out/train.parquet"), false, null), ProgressListener.NONE);
        List<List<Object>> file = ParquetTables.read(repo.resolve("out/train.parquet")).rows().stream()
                .map(Arrays::asList).toList();
        assertThat(streamed).hasSize(ENTITY_ROWS);
        for (int r = 0; r < ENTITY_ROWS; r++) {
            assertThat(streamed.get(r)).as("row " + r).isEqualTo(file.get(r));
        }
        assertThat(streamed.stream().filter(row -> row.get(4) != null).count()).as("rows with a tier")
                .isGreaterThan(1000);
    }

    @Test
    void anEntityQueryStreamsToo() throws Exception {
        HttpResponse<InputStream> response = post(reader, ARROW + ", application/json", Map.of(
                "asOf", T0.plus(Duration.ofDays(2)).toString(), "features", List.of("driver_stats:conv_rate")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(read(response.body())).hasSize(800);
    }

    @Test
    void badInputIsTheRestApisJsonErrorBeforeAnyByteIsStreamed() throws Exception {
        HttpResponse<InputStream> unknown = post(reader, ARROW, Map.of("entities", "data/entities.parquet",
                "features", List.of("driver_stats:nope")));
        assertThat(unknown.statusCode()).isEqualTo(400);
        JsonNode error = json(unknown);
        assertThat(error.path("error").asText()).isEqualTo("BAD_REQUEST");
        assertThat(error.path("field").asText()).isEqualTo("features");
        assertThat(error.path("message").asText()).contains("driver_stats:nope").contains("conv_rate");

        HttpResponse<InputStream> outside = post(reader, ARROW, Map.of("entities", "/etc/passwd",
                "features", List.of("driver_stats:conv_rate")));
        assertThat(outside.statusCode()).as("a path outside offline.root").isBetween(400, 499);
        assertThat(json(outside).path("field").asText()).isEqualTo("entities");

        HttpResponse<InputStream> output = post(reader, ARROW, Map.of("entities", "data/entities.parquet",
                "features", List.of("driver_stats:conv_rate"), "output", "out/x.parquet"));
        assertThat(output.statusCode()).isEqualTo(400);
        assertThat(json(output).path("field").asText()).isEqualTo("output");
    }

    @Test
    void aRestrictedFeatureStreamsOnlyToATokenGrantedIt() throws Exception {
        Map<String, Object> body = Map.of("asOf", T0.plus(Duration.ofDays(2)).toString(),
                "features", List.of("driver_stats:conv_rate", "driver_stats:tier"));
        HttpResponse<InputStream> refused = post(reader, ARROW, body);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).path("message").asText()).contains("driver_stats:tier");

        HttpResponse<InputStream> anonymous = post("not-a-token", ARROW, body);
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<InputStream> allowed = post(granted, ARROW, body);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(read(allowed.body())).hasSize(800);
    }

    @Test
    void withoutAcceptingArrowTheRouteStillRunsAJob() throws Exception {
        for (String accept : Arrays.asList(null, "application/json", "*/*")) {
            HttpResponse<InputStream> response = post(reader, accept, Map.of("asOf", T0.plus(Duration.ofDays(2))
                    .toString(), "features", List.of("driver_stats:conv_rate"), "output", "out/job.parquet",
                    "overwrite", true));
            assertThat(response.statusCode()).as("Accept " + accept).isEqualTo(202);
            assertThat(json(response).path("kind").asText()).isEqualTo("export");
        }
    }
}
