package dev.granary.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistryDatabase;
import dev.granary.server.GranaryServer;
import dev.granary.serving.Http;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Over real HTTP, a caller cannot make the server read or write outside {@code offline.root}: not through a
 * spec's sources (plan, apply with or without data checks, rollback), an export's entity table or output, nor an
 * offline push; and no answer shows the server's absolute folders.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConfinedPathsApiTest {
    private static final Path TEMP = temporaryFolder();
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(TEMP.resolve("repo"),
            "paths_" + UUID.randomUUID().toString().substring(0, 8), 5, 2, null);
    private static final List<String> ESCAPES = List.of("../otherteam/payroll.parquet",
            TEMP.resolve("otherteam/payroll.parquet").toString(), "data/escape/payroll.parquet",
            "%2e%2e/otherteam/payroll.parquet", "data/%2e%2e/%2e%2e/otherteam/payroll.parquet");

    @LocalServerPort
    int port;
    @Autowired
    RegistryDatabase database;
    private Http http;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, () -> REPO.dir().toString());
    }

    @BeforeEach
    void applyAndWriteFiles() throws IOException {
        http = new Http(port);
        Path other = Files.createDirectories(TEMP.resolve("otherteam"));
        List<Object[]> rows = new ArrayList<>();
        for (long d = 1; d <= REPO.drivers(); d++) {
            rows.add(new Object[] {d, REPO.now()});
        }
        List<Column> columns = List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP));
        ParquetTables.write(other.resolve("payroll.parquet"), columns, rows);
        ParquetTables.write(REPO.dir().resolve("entities.parquet"), columns, rows);
        if (!Files.exists(REPO.dir().resolve("data/escape"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(REPO.dir().resolve("data/escape"), other);
        }
        assertThat(http.post("/api/v1/apply?author=test", SpecJson.write(REPO.spec())).status()).isEqualTo(200);
    }

    @Test
    void aSpecWhoseSourceLeavesTheRootIsRefusedOnPlanAndApplyEvenWithoutDataChecks() {
        for (String path : ESCAPES) {
            for (String call : List.of("/api/v1/plan", "/api/v1/apply", "/api/v1/apply?skipDataChecks=true",
                    "/api/v1/plan?skipDataChecks=true", "/api/v1/apply?stats=true")) {
                Http.Response refused = http.post(call, SpecJson.write(withCustomersAt(path)));
                assertThat(refused.status()).as(call + " " + path + ": " + refused.body()).isEqualTo(400);
                assertThat(refused.json().path("field").asText()).isEqualTo("sources[customers].path");
                assertThat(refused.body()).contains(path).doesNotContain(REPO.dir().toString())
                        .doesNotContain("driver_id");
            }
        }
        assertThat(http.get("/api/v1/projects/" + REPO.project() + "/versions").json().size()).isEqualTo(1);
    }

    @Test
    void aRollbackToAVersionStoredWithAnEscapingSourceIsRefused() {
        database.registry().apply(withCustomersAt("../otherteam/payroll.parquet"), ApplyOptions.by("local"));
        int escaping = database.registry().currentVersion(REPO.project());
        database.registry().apply(REPO.spec(), ApplyOptions.by("local"));

        Http.Response refused = http.post("/api/v1/projects/" + REPO.project() + "/rollback/" + escaping, "");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("../otherteam/payroll.parquet");
    }

    @Test
    void anOfflinePushIntoASourceOutsideTheRootIsRefused() throws IOException {
        Path theirs = Files.createDirectories(TEMP.resolve("otherteam/hourly"));
        RepoSpec spec = REPO.spec();
        List<SourceSpec> sources = spec.sources().stream().map(s -> s.name().equals("driver_hourly")
                ? new SourceSpec(s.name(), "../otherteam/hourly", s.timestampField(), s.createdTimestampField())
                : s).toList();
        database.registry().apply(new RepoSpec(spec.project(), spec.entities(), sources, spec.featureViews(),
                spec.featureServices()), ApplyOptions.by("local"));
        try {
            // the server reads a version stored behind its back within a second
            Http.Response refused;
            long deadline = System.nanoTime() + 5_000_000_000L;
            do {
                refused = http.post("/push", Map.of("feature_view", "driver_stats", "to", "offline",
                        "df", Map.of("driver_id", List.of(9), "event_timestamp", List.of(Instant.now().toString()),
                                "conv_rate", List.of(0.5), "acc_rate", List.of(1.0), "trips", List.of(1))));
                if (refused.status() == 200) {
                    Files.delete(Path.of(refused.json().path("offlineFile").asText()));
                }
            } while (refused.status() == 200 && System.nanoTime() < deadline);
            assertThat(refused.status()).as("Feast's status for bad input: %s", refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains("PATH_REFUSED").contains("../otherteam/hourly").doesNotContain(TEMP.toString());
            try (var listing = Files.list(theirs)) {
                assertThat(listing).isEmpty();
            }
        } finally {
            database.registry().apply(REPO.spec(), ApplyOptions.by("local"));
        }
    }

    @Test
    void anExportReadsEntitiesAndWritesOutputsOnlyInsideTheRoot() throws IOException {
        String path = "/api/v1/projects/" + REPO.project() + "/training-sets";
        for (String escape : ESCAPES) {
            Http.Response entities = http.post(path, Map.of("entities", escape,
                    "features", List.of("driver_stats:conv_rate"), "output", "out/x.parquet"));
            assertThat(entities.status()).as(escape + ": " + entities.body()).isEqualTo(400);
            assertThat(entities.json().path("field").asText()).isEqualTo("entities");
            assertThat(entities.body()).contains(escape).doesNotContain(REPO.dir().toString());

            String output = escape.replace("payroll.parquet", "new.parquet");
            Http.Response written = http.post(path, Map.of("entities", "entities.parquet",
                    "features", List.of("driver_stats:conv_rate"), "output", output, "overwrite", true));
            assertThat(written.status()).as(output + ": " + written.body()).isEqualTo(400);
            assertThat(written.json().path("field").asText()).isEqualTo("output");
        }
        try (var listing = Files.list(TEMP.resolve("otherteam"))) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("payroll.parquet");
        }
    }

    @Test
    void anExportReplacesAnExistingFileOnlyWithOverwrite() throws IOException {
        String path = "/api/v1/projects/" + REPO.project() + "/training-sets";
        Files.writeString(REPO.dir().resolve("notes.txt"), "keep me");
        Http.Response refused = http.post(path, Map.of("entities", "entities.parquet",
                "features", List.of("driver_stats:conv_rate"), "output", "notes.txt"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("message").asText()).contains("already exists").contains("overwrite");
        assertThat(Files.readString(REPO.dir().resolve("notes.txt"))).isEqualTo("keep me");

        Http.Response replaced = http.post(path, Map.of("entities", "entities.parquet",
                "features", List.of("driver_stats:conv_rate"), "output", "notes.txt", "overwrite", true));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(202);
        assertThat(http.awaitJob(replaced.json().path("id").asText()).path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void errorsNameNeitherTheRepositoryFolderNorTheRegistryUrl() {
        Http.Response missing = http.post("/api/v1/plan", SpecJson.write(withCustomersAt("data/nothing.parquet")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("data/nothing.parquet").doesNotContain(REPO.dir().toString())
                .doesNotContain("jdbc:");
    }

    private static RepoSpec withCustomersAt(String path) {
        RepoSpec spec = REPO.spec();
        List<SourceSpec> sources = spec.sources().stream().map(s -> s.name().equals("customers")
                ? new SourceSpec(s.name(), path, s.timestampField(), s.createdTimestampField()) : s).toList();
        return new RepoSpec(spec.project(), spec.entities(), sources, spec.featureViews(), spec.featureServices());
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("granary-paths").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
