package dev.granary.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.server.GranaryServer;
import dev.granary.serving.Http;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.ValueType;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** {@code POST /api/v1/projects/{p}/training-sets} over real HTTP: a job that writes the training set. */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrainingSetApiTest {
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(temporaryFolder(),
            "export_" + UUID.randomUUID().toString().substring(0, 8), 20, 3, null);

    @LocalServerPort
    int port;
    private Http http;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, () -> REPO.dir().toString());
    }

    @BeforeEach
    void applyAndWriteEntities() {
        http = new Http(port);
        assertThat(http.post("/api/v1/apply?author=test", SpecJson.write(REPO.spec())).status()).isEqualTo(200);
        List<Object[]> rows = new ArrayList<>();
        for (long d = 1; d <= REPO.drivers(); d++) {
            rows.add(new Object[] {d, REPO.now()});
        }
        ParquetTables.write(REPO.dir().resolve("entities.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP)), rows);
    }

    @Test
    void trainingSetJobWritesPointInTimeValues() {
        Http.Response submitted = http.post("/api/v1/projects/" + REPO.project() + "/training-sets",
                Map.of("entities", "entities.parquet", "features", List.of("driver_stats:conv_rate"),
                        "output", "out/train.parquet"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        assertThat(submitted.json().path("kind").asText()).isEqualTo("export");

        JsonNode done = http.awaitJob(submitted.json().path("id").asText());

        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("rows").asLong()).isEqualTo(REPO.drivers());
        JsonNode result = done.path("result");
        assertThat(result.path("output").asText()).as(done.toString())
                .isEqualTo(REPO.dir().resolve("out/train.parquet").toAbsolutePath().normalize().toString());
        assertThat(result.path("rowCount").asLong()).isEqualTo(REPO.drivers());
        assertThat(result.path("columns").get(0).asText()).isEqualTo("conv_rate");
        ParquetTables.Table table = ParquetTables.read(REPO.dir().resolve("out/train.parquet"));
        Map<Long, OnlineTestRepo.DriverRow> expected = REPO.asOf(Instant.EPOCH, REPO.now(),
                REPO.view("driver_stats").ttlSeconds());
        int key = table.columnIndex("driver_id");
        int conv = table.columnIndex("conv_rate");
        for (Object[] row : table.rows()) {
            assertThat(row[conv]).as("driver " + row[key]).isEqualTo(expected.get((Long) row[key]).convRate());
        }
    }

    @Test
    void badRequestsAreRefusedAtOnceNamingTheField() {
        String path = "/api/v1/projects/" + REPO.project() + "/training-sets";
        Http.Response unknownFeature = http.post(path, Map.of("entities", "entities.parquet",
                "features", List.of("driver_stats:nope"), "output", "out/x.parquet"));
        assertThat(unknownFeature.status()).isEqualTo(400);
        assertThat(unknownFeature.json().path("field").asText()).isEqualTo("features");
        assertThat(unknownFeature.json().path("message").asText()).contains("driver_stats:nope");

        Http.Response both = http.post(path, Map.of("entities", "entities.parquet",
                "features", List.of("driver_stats:conv_rate"), "featureService", "ranking", "output", "out/x.parquet"));
        assertThat(both.status()).isEqualTo(400);

        Http.Response noEntities = http.post(path, Map.of("features", List.of("driver_stats:conv_rate"),
                "output", "out/x.parquet"));
        assertThat(noEntities.status()).isEqualTo(400);
        assertThat(noEntities.json().path("field").asText()).isEqualTo("entities");

        assertThat(http.get("/api/v1/jobs/no-such-job").status()).isEqualTo(404);
        assertThat(REPO.dir().resolve("out/x.parquet")).doesNotExist();
    }

    @Test
    void asOfExportThenReplayThenReplayRefusedOnAChangedEntityTable() throws Exception {
        String path = "/api/v1/projects/" + REPO.project() + "/training-sets";
        Http.Response asOf = http.post(path, Map.of("asOf", REPO.now().toString(),
                "features", List.of("driver_stats:conv_rate"), "output", "out/as-of.parquet", "overwrite", true));
        assertThat(asOf.status()).as(asOf.body()).isEqualTo(202);
        JsonNode done = http.awaitJob(asOf.json().path("id").asText());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("rows").asLong()).isEqualTo(REPO.drivers());

        Http.Response replay = http.post(path, Map.of("replay", done.path("result").path("id").asText(),
                "output", "out/again.parquet", "overwrite", true));
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        JsonNode again = http.awaitJob(replay.json().path("id").asText());
        assertThat(again.path("status").asText()).as(again.toString()).isEqualTo("SUCCEEDED");
        assertThat(ParquetTables.read(REPO.dir().resolve("out/again.parquet")).rows()).usingRecursiveComparison()
                .isEqualTo(ParquetTables.read(REPO.dir().resolve("out/as-of.parquet")).rows());

        Http.Response table = http.post(path, Map.of("entities", "entities.parquet",
                "features", List.of("driver_stats:conv_rate"), "output", "out/table.parquet", "overwrite", true));
        JsonNode tableDone = http.awaitJob(table.json().path("id").asText());
        assertThat(tableDone.path("status").asText()).as(tableDone.toString()).isEqualTo("SUCCEEDED");
        ParquetTables.write(REPO.dir().resolve("entities.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP)), List.<Object[]>of(new Object[] {1L, REPO.now()}));
        Http.Response refused = http.post(path, Map.of("replay", tableDone.path("result").path("id").asText(),
                "output", "out/table-again.parquet"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().path("error").asText()).isEqualTo("INPUT_CHANGED");
        assertThat(refused.json().path("message").asText()).contains("entities.parquet").contains("allowChangedInputs");
        assertThat(REPO.dir().resolve("out/table-again.parquet")).doesNotExist();

        Http.Response mixed = http.post(path, Map.of("replay", "x", "features", List.of("driver_stats:conv_rate"),
                "output", "out/y.parquet"));
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.json().path("field").asText()).isEqualTo("replay");
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("granary-export-api");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
