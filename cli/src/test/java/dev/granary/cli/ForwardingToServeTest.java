package dev.granary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.offline.ParquetTables;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.ValueType;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a real {@code granary serve} owns a repository's embedded stores, the real CLI (a separate JVM per command)
 * sends its work to it over the REST API and prints what it prints locally. One server for the class; the tests
 * run in order because they build on each other's versions and materializations. Had a command opened the
 * embedded stores itself, it would have met the server's lock and exited 1 with {@code SERVER_RUNNING}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForwardingToServeTest {
    private static final String PROJECT = "fwd";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static OnlineTestRepo repo;
    private static Process server;
    private static int port;
    private static int flightPort;

    @BeforeAll
    static void startServer() throws Exception {
        repo = OnlineTestRepo.create(dir, PROJECT, 12, 3, null);
        writeSpec(SpecJson.toTree(repo.spec()));
        List<Object[]> entities = new ArrayList<>();
        for (long d = 1; d <= 3; d++) {
            entities.add(new Object[] {d, repo.now()});
        }
        ParquetTables.write(dir.resolve("entities.parquet"), List.of(
                new ParquetTables.Column("driver_id", ValueType.INT64),
                new ParquetTables.Column("event_timestamp", ValueType.TIMESTAMP)), entities);
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            flightPort = free.getLocalPort();
        }
        server = CliRun.start(dir, "serve", "--port", "0", "--flight-port", Integer.toString(flightPort));
        Path lock = dir.resolve(".granary/server.lock");
        for (int i = 0; i < 600 && !Files.exists(lock); i++) {
            Thread.sleep(200);
        }
        assertThat(lock).as("serve writes its lock once listening").exists();
        port = Integer.parseInt(Files.readString(lock).trim().split("\\s+")[0]);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor();
            assertThat(dir.resolve(".granary/server.lock")).as("the lock goes with the server").doesNotExist();
        }
    }

    @Test
    @Order(1)
    void whileServeRunsPlanApplyHistoryAndRollbackGoThroughIt() throws Exception {
        CliRun plan = CliRun.granary(dir, "plan");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("Project fwd, registry at version 0.").contains("driver_stats");

        CliRun first = CliRun.granary(dir, "apply", "-m", "first through the server");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Applied: project fwd is now at version 1.");

        CliRun unchanged = CliRun.granary(dir, "apply");
        assertThat(unchanged.out()).as(unchanged.toString()).contains("No changes: project fwd stays at version 1.");

        ObjectNode described = SpecJson.toTree(repo.spec());
        ((ObjectNode) described.withArray("entities").get(1)).put("description", "A rider");
        writeSpec(described);
        CliRun second = CliRun.granary(dir, "apply", "--stats");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("Applied: project fwd is now at version 2.")
                .containsPattern("Statistics: stored for [1-9][0-9]* features of project fwd\\.");

        CliRun history = CliRun.granary(dir, "history");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.out().lines().filter(l -> l.matches("^[12] .*"))).hasSize(2);
        assertThat(history.out()).contains("first through the server").contains(System.getProperty("user.name"));

        CliRun rollback = CliRun.granary(dir, "rollback", "1");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("Rolled back: project fwd is now at version 3 (the spec of version 1).");

        ObjectNode breaking = SpecJson.toTree(repo.spec());
        ((ObjectNode) breaking.withArray("featureViews").get(0).withArray("features").get(2)).put("type", "FLOAT64");
        writeSpec(breaking);
        CliRun refused = CliRun.granary(dir, "apply", "--skip-data-checks");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("breaking changes").contains("--force").doesNotContain("Exception");
        CliRun forced = CliRun.granary(dir, "apply", "--skip-data-checks", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("is now at version 4.");

        writeSpec(SpecJson.toTree(repo.spec()));
        CliRun restored = CliRun.granary(dir, "apply", "--force");
        assertThat(restored.exitCode()).as(restored.toString()).isZero();
        assertThat(restored.out()).contains("is now at version 5.");
        assertThat(api("/api/v1/projects/fwd/versions")).as("the server stored every version").hasSize(5);
    }

    @Test
    @Order(2)
    void whileServeRunsMaterializeAndGetGoThroughIt() {
        Instant start = repo.now().minus(Duration.ofDays(1));
        CliRun materialized = CliRun.granary(dir, "materialize", start.toString(), repo.now().toString(),
                "--views", "driver_stats,customer_stats");
        assertThat(materialized.exitCode()).as(materialized.toString()).isZero();
        assertThat(materialized.out()).contains("driver_stats: 12 rows written").contains("customer_stats: 3 rows written");
        assertThat(materialized.err()).contains("2/2 views");

        CliRun get = CliRun.granary(dir, "get", "--entity", "driver_id=3", "--features",
                "driver_stats:conv_rate,driver_stats:trips");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        OnlineTestRepo.DriverRow want = repo.asOf(start, repo.now(), 86_400).get(3L);
        assertThat(get.out()).containsPattern("FEATURE +VALUE +STATUS +EVENT TIME")
                .containsPattern("driver_id +3 +PRESENT +-")
                .containsPattern("conv_rate +" + want.convRate() + " +PRESENT +" + want.time())
                .containsPattern("trips +" + want.trips() + " +PRESENT");

        CliRun service = CliRun.granary(dir, "get", "--entity", "driver_id=99,customer_id=c2", "--feature-service", "ranking");
        assertThat(service.exitCode()).as(service.toString()).isZero();
        assertThat(service.out()).containsPattern("conv_rate +null +NOT_FOUND +-").containsPattern("level +level-2 +PRESENT");

        CliRun incremental = CliRun.granary(dir, "materialize-incremental", repo.now().toString(), "--views", "driver_recent");
        assertThat(incremental.exitCode()).as(incremental.toString()).isZero();
        assertThat(incremental.out()).contains("driver_recent: ").contains("rows written");
        CliRun again = CliRun.granary(dir, "materialize-incremental", repo.now().toString(), "--views", "driver_recent");
        assertThat(again.out()).as(again.toString()).contains("driver_recent: already materialized up to " + repo.now());
    }

    @Test
    @Order(3)
    void whileServeRunsExportWritesTheTrainingSetWherePathsPointFromTheWorkingFolder() throws IOException {
        Path notebooks = Files.createDirectories(dir.resolve("notebooks"));
        CliRun export = CliRun.granary(notebooks, "export", "--entities", "../entities.parquet",
                "--features", "driver_stats:conv_rate,driver_stats:trips", "--output", "train.parquet");
        assertThat(export.exitCode()).as(export.toString()).isZero();
        Path written = notebooks.resolve("train.parquet").toAbsolutePath().normalize();
        assertThat(export.out()).contains("Wrote 3 rows with 2 features to " + written)
                .contains("(spec version 5)").contains("Columns added: conv_rate, trips")
                .containsPattern("Recorded as training set \\S+ \\(input fingerprint [0-9a-f]{12}\\)");
        ParquetTables.Table table = ParquetTables.read(written);
        assertThat(table.rows()).hasSize(3);
        int trips = table.columnIndex("trips");
        assertThat(table.rows().stream().map(r -> r[trips])).doesNotContainNull();

        // without an entity table, then a replay of that set through the server: equal in values
        CliRun asOf = CliRun.granary(notebooks, "export", "--as-of", repo.now().toString(),
                "--features", "driver_stats:conv_rate,driver_stats:trips", "--output", "as-of.parquet");
        assertThat(asOf.exitCode()).as(asOf.toString()).isZero();
        ParquetTables.Table all = ParquetTables.read(notebooks.resolve("as-of.parquet"));
        assertThat(all.columns().stream().map(ParquetTables.Column::name))
                .containsExactly("driver_id", "event_timestamp", "conv_rate", "trips");
        assertThat(all.rows()).hasSize(12);
        String id = asOf.out().replaceAll("(?s).*Recorded as training set (\\S+) .*", "$1");
        CliRun replay = CliRun.granary(notebooks, "export", "--replay", id, "--output", "again.parquet");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(ParquetTables.read(notebooks.resolve("again.parquet")).rows()).usingRecursiveComparison()
                .isEqualTo(all.rows());
        CliRun unknown = CliRun.granary(notebooks, "export", "--replay", "no-such-set", "--output", "x.parquet");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).contains("no-such-set").doesNotContain("Exception");
    }

    @Test
    @Order(4)
    void serveWithAFlightPortListsAndStreamsRecordedTrainingSets() throws Exception {
        Path notebooks = dir.resolve("notebooks");
        try (var allocator = new org.apache.arrow.memory.RootAllocator();
             var flight = dev.granary.flight.client.FlightTrainingSets.connect(allocator, "127.0.0.1", flightPort, null)) {
            var listed = flight.recorded(PROJECT);
            assertThat(listed).as("the sets exported through the server").hasSizeGreaterThanOrEqualTo(3);
            // the newest is the replay of the as-of export: stream it again and compare with its file
            var ticket = dev.granary.flight.client.TrainingSetTicket.fromBytes(
                    listed.get(0).getEndpoints().get(0).getTicket().getBytes());
            List<Object> convRates = new ArrayList<>();
            try (var stream = flight.trainingSet(ticket)) {
                while (stream.next()) {
                    var rates = stream.getRoot().getVector("conv_rate");
                    for (int r = 0; r < stream.getRoot().getRowCount(); r++) {
                        convRates.add(rates.getObject(r));
                    }
                }
            }
            ParquetTables.Table file = ParquetTables.read(notebooks.resolve("again.parquet"));
            int conv = file.columnIndex("conv_rate");
            assertThat(convRates).isEqualTo(file.rows().stream().map(r -> r[conv]).toList()).hasSize(12);
        }
    }

    @Test
    @Order(5)
    void whileServeRunsSearchAndStatsGoThroughIt() throws IOException {
        CliRun search = CliRun.granary(dir, "search", "conv_rate", "--type", "feature");
        assertThat(search.exitCode()).as(search.toString()).isZero();
        assertThat(search.out()).contains("fwd/driver_stats:conv_rate").contains("matches.").contains("type: feature");

        CliRun json = CliRun.granary(dir, "search", "level", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode response = JSON.readTree(json.out());
        assertThat(response.path("hits").findValuesAsText("name")).contains("level");
        assertThat(response.path("facets").has("type")).isTrue();

        CliRun stats = CliRun.granary(dir, "stats", "--views", "customer_stats");
        assertThat(stats.exitCode()).as(stats.toString()).isZero();
        assertThat(stats.out()).containsPattern("customer_stats:level +categorical +3 ")
                .contains("Stored 2 feature statistics of project fwd version 5.");
        CliRun statsJson = CliRun.granary(dir, "stats", "--views", "customer_stats", "--json");
        assertThat(JSON.readTree(statsJson.out()).findValuesAsText("feature")).containsExactly("level", "score");

        CliRun health = CliRun.granary(dir, "health", "ranking", "--window", "2h", "--json");
        assertThat(health.exitCode()).as(health.toString()).isIn(0, 1); // 1 if a feature alerts on this data
        JsonNode report = JSON.readTree(health.out());
        assertThat(report.path("service").asText()).isEqualTo("ranking");
        assertThat(report.path("mode").asText()).isEqualTo("drift");
        assertThat(report.path("current").asText()).as("the window reached the server").contains("source ");
        assertThat(report.path("features").findValuesAsText("name"))
                .containsExactlyInAnyOrder("driver_stats:conv_rate", "driver_stats:trips", "customer_stats:level");
        assertThat(health.exitCode() == 1).isEqualTo(report.path("status").asText().equals("alert"));
    }

    @Test
    @Order(6)
    void badInputThroughTheServerExitsTwoWithTheServersMessageNamingTheField() {
        CliRun unknownFeature = CliRun.granary(dir, "get", "--entity", "driver_id=1", "--features", "driver_stats:nope");
        assertThat(unknownFeature.exitCode()).as(unknownFeature.toString()).isEqualTo(2);
        assertThat(unknownFeature.err()).contains("no feature 'nope'").doesNotContain("Exception");

        CliRun badKey = CliRun.granary(dir, "get", "--entity", "driver_id=abc", "--features", "driver_stats:trips");
        assertThat(badKey.exitCode()).as(badKey.toString()).isEqualTo(2);
        assertThat(badKey.err()).contains("driver_id").contains("integer");

        CliRun unknownView = CliRun.granary(dir, "materialize", repo.now().minusSeconds(60).toString(),
                repo.now().toString(), "--views", "nope");
        assertThat(unknownView.exitCode()).as(unknownView.toString()).isEqualTo(2);
        assertThat(unknownView.err()).contains("'nope'").doesNotContain("Exception");

        CliRun badInstant = CliRun.granary(dir, "materialize", "yesterday", repo.now().toString());
        assertThat(badInstant.exitCode()).isEqualTo(2);
        assertThat(badInstant.err()).contains("START 'yesterday' is not an ISO-8601 instant");

        CliRun unknownVersion = CliRun.granary(dir, "rollback", "42");
        assertThat(unknownVersion.exitCode()).as(unknownVersion.toString()).isEqualTo(2);
        assertThat(unknownVersion.err()).contains("42").doesNotContain("Exception");

        CliRun unknownStatsView = CliRun.granary(dir, "stats", "--views", "nope");
        assertThat(unknownStatsView.exitCode()).as(unknownStatsView.toString()).isEqualTo(2);
        assertThat(unknownStatsView.err()).contains("nope").doesNotContain("Exception");

        CliRun badLimit = CliRun.granary(dir, "search", "conv", "--limit", "0");
        assertThat(badLimit.exitCode()).isEqualTo(2);
        assertThat(badLimit.err()).contains("limit");

        CliRun unknownService = CliRun.granary(dir, "health", "nope");
        assertThat(unknownService.exitCode()).as(unknownService.toString()).isEqualTo(2);
        assertThat(unknownService.err()).contains("nope").doesNotContain("Exception");
    }

    @Test
    @Order(7)
    void aJobThatFailsInTheServerExitsOneWithItsMessage() throws IOException {
        Path data = dir.resolve("data/customers.parquet");
        byte[] good = Files.readAllBytes(data);
        Files.writeString(data, "not parquet");
        try {
            CliRun failed = CliRun.granary(dir, "materialize", repo.now().minus(Duration.ofDays(1)).toString(),
                    repo.now().toString(), "--views", "customer_stats");
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.err()).contains("granary materialize: ").contains("customers.parquet")
                    .contains("watermarks did not move").doesNotContain("Exception");
        } finally {
            Files.write(data, good);
        }
    }

    @Test
    @Order(8)
    void whatAForwardedCommandPrintsIsWhatItPrintsOnceTheServerIsGone() throws Exception {
        String[][] commands = {
                {"plan"},
                {"apply"},
                {"history"},
                {"get", "--entity", "driver_id=5,customer_id=c1", "--feature-service", "ranking"},
                {"search", "rate", "--json"},
                {"search", "trips", "--owner", "nobody"},
                {"rollback", "5"},
                {"get", "--entity", "driver_id=1", "--features", "driver_stats:nope"},
                {"history", "--project", "nobody"},
                {"materialize-incremental", repo.now().toString(), "--views", "nope"},
                {"export", "--entities", "entities.parquet", "--features", "driver_stats:nope", "--output", "x.parquet"},
        };
        List<CliRun> forwarded = new ArrayList<>();
        for (String[] command : commands) {
            forwarded.add(CliRun.granary(dir, command));
        }
        stopServer();
        server = null;
        for (int i = 0; i < commands.length; i++) {
            CliRun local = CliRun.granary(dir, commands[i]);
            String what = String.join(" ", commands[i]) + "\nforwarded: " + forwarded.get(i) + "\nlocal: " + local;
            assertThat(forwarded.get(i).exitCode()).as(what).isEqualTo(local.exitCode());
            assertThat(withoutScores(forwarded.get(i).out())).as(what).isEqualTo(withoutScores(local.out()));
            assertThat(forwarded.get(i).err()).as(what).isEqualTo(local.err());
        }
    }

    @Test
    void aStaleLockIsIgnoredAndTheCommandRunsHere(@TempDir Path other) throws Exception {
        Files.writeString(other.resolve("granary.yaml"), "project: stale\n");
        Process gone = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        Files.createDirectories(other.resolve(".granary"));
        Files.writeString(other.resolve(".granary/server.lock"), port + " " + gone.pid() + "\n");

        CliRun history = CliRun.granary(other, "history");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.out()).contains("Project stale has no versions yet");
    }

    @Test
    void aLiveLockWhoseServerDoesNotAnswerExitsOneSayingSo(@TempDir Path other) throws Exception {
        Files.writeString(other.resolve("granary.yaml"), "project: silent\n");
        int silentPort;
        try (var socket = new java.net.ServerSocket(0)) {
            silentPort = socket.getLocalPort(); // closed again: nothing listens there
        }
        Files.createDirectories(other.resolve(".granary"));
        // this test's JVM is alive, and is not the CLI's own process
        Files.writeString(other.resolve(".granary/server.lock"), silentPort + " " + ProcessHandle.current().pid() + "\n");

        CliRun history = CliRun.granary(other, "history");
        assertThat(history.exitCode()).as(history.toString()).isEqualTo(1);
        assertThat(history.err()).contains("granary serve (pid " + ProcessHandle.current().pid() + ")")
                .contains("did not answer on http://localhost:" + silentPort).doesNotContain("Exception");
    }

    /**
     * Search scores depend on the index's history (BM25 counts replaced documents until segments merge), and the
     * server's index was updated in place while the local one is rebuilt, so they differ in the last digits.
     */
    private static String withoutScores(String out) {
        return out.replaceAll("\"score\" : [0-9.E-]+", "\"score\" : _");
    }

    private static void writeSpec(JsonNode spec) throws IOException {
        Files.writeString(dir.resolve("features.granary.json"), SpecJson.write(SpecJson.fromTree(spec)));
    }

    private static JsonNode api(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }
    }
}
