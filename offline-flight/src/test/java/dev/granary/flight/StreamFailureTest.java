package dev.granary.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.config.GranaryConfig;
import dev.granary.dsl.Definitions;
import dev.granary.export.TrainingSets;
import dev.granary.flight.client.FlightTrainingSets;
import dev.granary.flight.client.TrainingSetTicket;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.Registry;
import dev.granary.security.Authenticator;
import dev.granary.security.ErrorRedaction;
import dev.granary.server.GranaryServer;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
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
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training set whose export fails after its stream has begun: the entity table, which the engine reads a second
 * time while it streams, is overwritten with zeros from its middle row group on once the client holds the first
 * batch. {@code granary serve} runs as the CLI starts it, with the Flight server on the same service.
 * <ul>
 *   <li>Flight: the client gets the error status with the message the REST API gives for the same input (the
 *       failed export job's message), after fewer rows than the set has, never a stream that ends as if whole.</li>
 *   <li>Arrow over REST: the status (200) and the first batches are sent, so the failure can only cut the stream:
 *       the response ends without Arrow's end-of-stream marker and without HTTP's closing chunk, and reading it
 *       fails with an {@link IOException}.</li>
 * </ul>
 */
class StreamFailureTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final int ENTITY_ROWS = 400_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> FEATURES = List.of("driver_stats:conv_rate");

    @TempDir
    static Path repo;
    private static org.springframework.context.ConfigurableApplicationContext server;
    private static TrainingSetFlightServer flight;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(repo.resolve("data"));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            rows.add(new Object[] {(long) (i % 800), T0.plusSeconds(i * 60L), i / 100.0});
        }
        ParquetTables.write(repo.resolve("data/drivers.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("conv_rate", ValueType.FLOAT64)), rows);
        RepoSpec spec = Definitions.toSpec("rides", r -> {
            var driver = r.entity("driver").key("driver_id", ValueType.INT64);
            var source = r.parquet("drivers", "data/drivers.parquet");
            r.featureView("driver_stats", driver, source).ttl(Duration.ofDays(1))
                    .feature("conv_rate", ValueType.FLOAT64);
        });
        server = GranaryServer.start(GranaryConfig.load(repo, Map.of("GRANARY_SERVER_PORT", "0")),
                "--server.address=127.0.0.1");
        port = ((org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext) server)
                .getWebServer().getPort();
        server.getBean(Registry.class).apply(spec, ApplyOptions.by("test"));
        // as `granary serve --flight-port` starts it: the same training-set service, authenticator and redaction
        flight = TrainingSetFlightServer.start("127.0.0.1", 0, server.getBean(TrainingSets.class),
                server.getBean(Authenticator.class), server.getBean(ErrorRedaction.class));
    }

    @AfterAll
    static void stop() throws Exception {
        if (flight != null) {
            flight.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * An entity table of {@value #ENTITY_ROWS} rows in row groups of a few thousand rows (one record batch each),
     * so the stream runs many batches ahead of where the table is damaged.
     */
    private static Path entityTable(String name) throws IOException {
        MessageType schema = Types.buildMessage()
                .optional(PrimitiveTypeName.INT64).named("driver_id")
                .optional(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named("event_timestamp")
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("label")
                .named("entities");
        Path file = repo.resolve(name);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new Configuration(false)).withType(schema).withRowGroupSize(64 * 1024)
                .withPageSize(16 * 1024).build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            for (int i = 0; i < ENTITY_ROWS; i++) {
                writer.write(groups.newGroup().append("driver_id", (long) (i % 900))
                        .append("event_timestamp", T0.plusSeconds((i % 6000) * 55L).getEpochSecond() * 1_000_000L)
                        .append("label", "row-" + i + "-of-the-entity-table"));
            }
        }
        return file;
    }

    /** Overwrites the entity table with zeros from its middle row group to its last; returns the rows before. */
    private static long damageSecondHalf(Path file) throws IOException {
        List<BlockMetaData> blocks;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            blocks = reader.getRowGroups();
        }
        assertThat(blocks).as("row groups of the entity table").hasSizeGreaterThan(20);
        int middle = blocks.size() / 2;
        long from = blocks.get(middle).getStartingPos();
        BlockMetaData last = blocks.getLast();
        long to = last.getStartingPos() + last.getCompressedSize();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(from);
            raf.write(new byte[Math.toIntExact(to - from)]);
        }
        return blocks.subList(0, middle).stream().mapToLong(BlockMetaData::getRowCount).sum();
    }

    /** The REST API's answer to the same request: the export job's failure message. */
    private static String restJobFailure(String entities) throws Exception {
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(base()
                        + "/api/v1/projects/rides/training-sets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("entities", entities,
                        "features", FEATURES, "output", "out/" + entities, "overwrite", true)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = JSON.readTree(accepted.body()).path("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/jobs/" + id))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            if (job.path("status").asText().equals("FAILED")) {
                return job.path("message").asText();
            }
            assertThat(job.path("status").asText()).as("job " + job).isIn("PENDING", "RUNNING");
            Thread.sleep(100);
        }
        throw new AssertionError("the export job of " + entities + " did not fail in time");
    }

    private static String identityFree(String message) {
        return message.replaceAll("@[0-9a-f]+", "@<hash>");
    }

    private static String base() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    void aFailureAfterTheFirstBatchesIsTheFlightErrorOfTheRestApiNeverAShortStream() throws Exception {
        Path file = entityTable("entities-flight.parquet");
        long rows = 0;
        long intact;
        try (BufferAllocator allocator = new RootAllocator();
             FlightTrainingSets client = FlightTrainingSets.connect(allocator, "127.0.0.1", flight.port(), null);
             FlightStream stream = client.trainingSet(new TrainingSetTicket("rides", FEATURES, null,
                     file.getFileName().toString(), null, null, null, null, null, null, null, null, null))) {
            assertThat(stream.next()).as("a first batch arrives").isTrue();
            rows += stream.getRoot().getRowCount();
            intact = damageSecondHalf(file);
            long[] counted = {rows};
            assertThatThrownBy(() -> {
                while (stream.next()) {
                    counted[0] += stream.getRoot().getRowCount();
                }
            }).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                assertThat(e.status().code()).isEqualTo(CallStatus.INVALID_ARGUMENT.code());
                try {
                    // Parquet's text names a Thrift reader object by its identity hash, which differs per call
                    assertThat(identityFree(e.status().description())).isEqualTo("BAD_REQUEST: "
                            + identityFree(restJobFailure(file.getFileName().toString())));
                } catch (Exception io) {
                    throw new AssertionError(io);
                }
            });
            rows = counted[0];
        }
        assertThat(rows).as("rows received before the error").isPositive().isLessThanOrEqualTo(intact)
                .isLessThan(ENTITY_ROWS);
        assertThat(flight.streaming()).as("streams still computing").isZero();
    }

    @Test
    void aFailureAfterTheFirstBatchesCutsTheArrowResponseShort() throws Exception {
        Path file = entityTable("entities-rest.parquet");
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(base()
                        + "/api/v1/projects/rides/training-sets"))
                .header("Content-Type", "application/json")
                .header("Accept", ArrowHttpSink.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "entities", file.getFileName().toString(), "features", FEATURES)))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long rows = 0;
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(response.body(), allocator)) {
            assertThat(reader.loadNextBatch()).as("a first batch arrives").isTrue();
            rows += reader.getVectorSchemaRoot().getRowCount();
            long intact = damageSecondHalf(file);
            long[] counted = {rows};
            assertThatThrownBy(() -> {
                while (reader.loadNextBatch()) {
                    counted[0] += reader.getVectorSchemaRoot().getRowCount();
                }
            }).as("reading past the failure").isInstanceOf(IOException.class); // Java's HttpClient: "closed"
            assertThat(counted[0]).as("rows received before the cut").isLessThanOrEqualTo(intact);
        }
    }
}
