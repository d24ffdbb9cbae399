package dev.granary.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.dsl.Definitions;
import dev.granary.export.TrainingSet;
import dev.granary.export.TrainingSetRequest;
import dev.granary.export.TrainingSets;
import dev.granary.flight.client.FlightTrainingSets;
import dev.granary.flight.client.TrainingSetTicket;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.offline.ProgressListener;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistryDatabase;
import dev.granary.security.Authenticator;
import dev.granary.security.ErrorRedaction;
import dev.granary.security.Role;
import dev.granary.security.TokenStore;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flight server and client on loopback over a registry in H2: upload an entity table, stream the training
 * set, compare row for row with the file export of the same request; list and replay recorded sets; errors as
 * status codes; a cancelled stream stops the server's work.
 */
class TrainingSetFlightServerTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final int ENTITY_ROWS = 150_000; // several engine batches

    @TempDir
    Path repo;
    private RegistryDatabase database;
    private TrainingSets trainingSets;
    private TrainingSetFlightServer server;
    private BufferAllocator allocator;
    private FlightTrainingSets client;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(repo.resolve("data"));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            rows.add(new Object[] {(long) (i % 800), T0.plusSeconds(i * 60L), i % 9 == 0 ? null : i / 100.0, "t" + (i % 13)});
        }
        ParquetTables.write(repo.resolve("data/drivers.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("conv_rate", ValueType.FLOAT64),
                new Column("tier", ValueType.STRING)), rows);
        RepoSpec spec = Definitions.toSpec("rides", r -> {
            var driver = r.entity("driver").key("driver_id", ValueType.INT64);
            var source = r.parquet("drivers", "data/drivers.parquet");
            r.featureView("driver_stats", driver, source).ttl(Duration.ofDays(1))
                    .feature("conv_rate", ValueType.FLOAT64).feature("tier", ValueType.STRING);
        });
        database = RegistryDatabase.open("jdbc:h2:file:" + repo.resolve(".granary/registry"), "sa", "");
        database.registry().apply(spec, ApplyOptions.by("test"));
        trainingSets = new TrainingSets(database.registry(), new ParquetOfflineEngine(), database.dataSource(), repo, repo);
        server = TrainingSetFlightServer.start("127.0.0.1", 0, trainingSets, new Authenticator(null, false),
                ErrorRedaction.none());
        allocator = new RootAllocator();
        client = FlightTrainingSets.connect(allocator, "127.0.0.1", server.port(), null);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (allocator != null) {
            allocator.close();
        }
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** The entity table as Arrow (driver_id, event_timestamp, label), and the same rows as Parquet on disk. */
    private VectorSchemaRoot entities(Path parquet) {
        Schema schema = new Schema(List.of(new Field("driver_id", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("event_timestamp", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")), null),
                new Field("label", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        BigIntVector ids = (BigIntVector) root.getVector(0);
        TimeStampMicroTZVector times = (TimeStampMicroTZVector) root.getVector(1);
        VarCharVector labels = (VarCharVector) root.getVector(2);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < ENTITY_ROWS; i++) {
            Long id = i % 17 == 0 ? null : (long) (i % 900);
            Instant at = T0.plusSeconds((i % 6000) * 55L);
            if (id == null) {
                ids.setNull(i);
            } else {
                ids.setSafe(i, id);
            }
            times.setSafe(i, at.getEpochSecond() * 1_000_000L);
            labels.setSafe(i, ("row" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            rows.add(new Object[] {id, at, "row" + i});
        }
        root.setRowCount(ENTITY_ROWS);
        ParquetTables.write(parquet, List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("label", ValueType.STRING)), rows);
        return root;
    }

    private static List<List<Object>> read(FlightStream stream) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (stream) {
            while (stream.next()) {
                VectorSchemaRoot root = stream.getRoot();
                for (int r = 0; r < root.getRowCount(); r++) {
                    List<Object> row = new ArrayList<>();
                    for (FieldVector v : root.getFieldVectors()) {
                        Object value = v.getObject(r);
                        if (v instanceof TimeStampMicroTZVector t && !t.isNull(r)) {
                            long micros = t.get(r);
                            value = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
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

    private static List<List<Object>> read(Path parquet) {
        return ParquetTables.read(parquet).rows().stream().map(Arrays::asList).toList();
    }

    @Test
    void uploadedEntitiesStreamTheTrainingSetTheFileExportWrites() throws Exception {
        try (VectorSchemaRoot table = entities(repo.resolve("entities.parquet"))) {
            client.uploadEntities("rides", "train", table);
        }
        List<String> features = List.of("driver_stats:conv_rate", "driver_stats:tier");
        List<List<Object>> streamed = read(client.trainingSet(TrainingSetTicket.ofUpload("rides", "train", features)));

        trainingSets.export(new TrainingSetRequest("rides", Path.of("entities.parquet"), features, null,
                Path.of("out/train.parquet"), false, null), ProgressListener.NONE);
        List<List<Object>> file = read(repo.resolve("out/train.parquet"));
        assertThat(streamed).hasSize(ENTITY_ROWS);
        for (int r = 0; r < ENTITY_ROWS; r++) {
            assertThat(streamed.get(r)).as("row " + r).isEqualTo(file.get(r));
        }
        assertThat(streamed.stream().filter(row -> row.get(3) != null).count()).as("rows with a value").isGreaterThan(1000);
    }

    @Test
    void recordedSetsAreListedAndReplayedByTheirTicket() throws Exception {
        TrainingSet set = trainingSets.export(new TrainingSetRequest("rides", null, List.of("driver_stats:conv_rate"),
                null, Path.of("out/as-of.parquet"), false, null, false,
                new dev.granary.offline.EntityQuery.AsOf(T0.plus(Duration.ofDays(2)))), ProgressListener.NONE);
        List<FlightInfo> listed = client.recorded("rides");
        assertThat(listed).extracting(i -> i.getDescriptor().getPath()).containsExactly(List.of("rides", set.id()));
        assertThat(listed.get(0).getRecords()).isEqualTo(800);
        TrainingSetTicket replay = TrainingSetTicket.fromBytes(listed.get(0).getEndpoints().get(0).getTicket().getBytes());
        assertThat(read(client.trainingSet(replay))).isEqualTo(read(repo.resolve("out/as-of.parquet")));
        assertThat(read(client.trainingSet(TrainingSetTicket.ofAsOf("rides", T0.plus(Duration.ofDays(2)).toString(),
                List.of("driver_stats:conv_rate"))))).isEqualTo(read(repo.resolve("out/as-of.parquet")));
    }

    @Test
    void errorsAreStatusCodesWithTheRestMessages() {
        assertThatThrownBy(() -> read(client.trainingSet(TrainingSetTicket.ofAsOf("rides", "2026-11-20T00:00:00Z",
                List.of("driver_stats:nope")))))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(CallStatus.INVALID_ARGUMENT.code());
                    assertThat(e.status().description()).contains("BAD_REQUEST").contains("driver_stats:nope")
                            .contains("conv_rate");
                });
        assertThatThrownBy(() -> read(client.trainingSet(TrainingSetTicket.ofReplay("rides", "no-such-set"))))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e ->
                        assertThat(e.status().code()).isEqualTo(CallStatus.NOT_FOUND.code()));
        assertThatThrownBy(() -> read(client.trainingSet(TrainingSetTicket.ofUpload("rides", "never", List.of(
                "driver_stats:conv_rate"))))).isInstanceOfSatisfying(FlightRuntimeException.class, e ->
                assertThat(e.status().description()).contains("DoPut"));
    }

    @Test
    void withSecurityOnCallsNeedAReaderTokenOnTheProject() throws Exception {
        TokenStore tokens = new TokenStore(database.dataSource());
        String reader = tokens.create("rides", Role.READER, "notebook", Optional.empty()).secret();
        String elsewhere = tokens.create("other", Role.ADMIN, "other-admin", Optional.empty()).secret();
        TicketRequest asOf = () -> TrainingSetTicket.ofAsOf("rides", T0.plus(Duration.ofDays(2)).toString(),
                List.of("driver_stats:conv_rate"));
        try (TrainingSetFlightServer secured = TrainingSetFlightServer.start("127.0.0.1", 0, trainingSets,
                new Authenticator(tokens, true), ErrorRedaction.none())) {
            try (FlightTrainingSets anonymous = FlightTrainingSets.connect(allocator, "127.0.0.1", secured.port(), null)) {
                assertThatThrownBy(() -> read(anonymous.trainingSet(asOf.ticket())))
                        .isInstanceOfSatisfying(FlightRuntimeException.class, e ->
                                assertThat(e.status().code()).isEqualTo(CallStatus.UNAUTHENTICATED.code()));
            }
            try (FlightTrainingSets other = FlightTrainingSets.connect(allocator, "127.0.0.1", secured.port(), elsewhere)) {
                assertThatThrownBy(() -> read(other.trainingSet(asOf.ticket())))
                        .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                            assertThat(e.status().code()).isEqualTo(CallStatus.UNAUTHORIZED.code());
                            assertThat(e.status().description()).contains("rides");
                        });
                assertThatThrownBy(() -> other.recorded("rides")).isInstanceOf(FlightRuntimeException.class);
            }
            try (FlightTrainingSets notebook = FlightTrainingSets.connect(allocator, "127.0.0.1", secured.port(), reader)) {
                assertThat(read(notebook.trainingSet(asOf.ticket()))).hasSize(800);
            }
        }
    }

    @Test
    void aRestrictedFeatureStreamsOnlyToATokenGrantedIt() throws Exception {
        RepoSpec restricted = Definitions.toSpec("rides", r -> {
            var driver = r.entity("driver").key("driver_id", ValueType.INT64);
            var source = r.parquet("drivers", "data/drivers.parquet");
            r.featureView("driver_stats", driver, source).ttl(Duration.ofDays(1))
                    .feature("conv_rate", ValueType.FLOAT64).feature("tier", ValueType.STRING).restricted("tier");
        });
        database.registry().apply(restricted, ApplyOptions.by("test"));
        TokenStore tokens = new TokenStore(database.dataSource());
        TokenStore.Created plain = tokens.create("rides", Role.READER, "plain", Optional.empty());
        TokenStore.Created granted = tokens.create("rides", Role.READER, "granted", Optional.empty());
        tokens.grant(granted.token().id(), "driver_stats:tier");
        TicketRequest tier = () -> TrainingSetTicket.ofAsOf("rides", T0.plus(Duration.ofDays(2)).toString(),
                List.of("driver_stats:conv_rate", "driver_stats:tier"));
        try (TrainingSetFlightServer secured = TrainingSetFlightServer.start("127.0.0.1", 0, trainingSets,
                new Authenticator(tokens, true), ErrorRedaction.none())) {
            try (FlightTrainingSets reader = FlightTrainingSets.connect(allocator, "127.0.0.1", secured.port(),
                    plain.secret())) {
                assertThatThrownBy(() -> read(reader.trainingSet(tier.ticket())))
                        .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                            assertThat(e.status().code()).isEqualTo(CallStatus.UNAUTHORIZED.code());
                            assertThat(e.status().description()).contains("driver_stats:tier");
                        });
            }
            try (FlightTrainingSets reader = FlightTrainingSets.connect(allocator, "127.0.0.1", secured.port(),
                    granted.secret())) {
                assertThat(read(reader.trainingSet(tier.ticket()))).hasSize(800);
            }
        }
    }

    private interface TicketRequest {
        TrainingSetTicket ticket();
    }

    @Test
    void aCancelledStreamStopsTheServersWorkAndFreesItsMemory() throws Exception {
        try (VectorSchemaRoot table = entities(repo.resolve("entities.parquet"))) {
            client.uploadEntities("rides", "train", table);
        }
        FlightStream stream = client.trainingSet(TrainingSetTicket.ofUpload("rides", "train",
                List.of("driver_stats:conv_rate", "driver_stats:tier")));
        assertThat(stream.next()).as("a first batch arrives").isTrue();
        stream.cancel("enough", null);
        stream.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((server.streaming() > 0 || server.allocatedBytes() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.streaming()).as("streams still computing").isZero();
        assertThat(server.allocatedBytes()).as("Arrow memory held by the server").isZero();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).doesNotContain("granary-export");
    }
}
