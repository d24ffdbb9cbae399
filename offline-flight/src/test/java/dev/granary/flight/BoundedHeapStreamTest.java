package dev.granary.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.dsl.Definitions;
import dev.granary.flight.client.FlightTrainingSets;
import dev.granary.flight.client.TrainingSetTicket;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training set of 1,000,000 rows streamed over Flight from a server in its own JVM whose heap is capped at
 * {@value #SERVER_HEAP}: the source and the entity table are generated here as Parquet, the server computes the
 * point-in-time join and streams it, and the client checks the row count and a checksum of (row, value) pairs
 * computed from the generating formula, not from the engine. The server also reports its peak Arrow memory, which
 * must stay a small part of the whole result's size: the result leaves batch by batch, it is never held whole.
 */
class BoundedHeapStreamTest {
    static final String SERVER_HEAP = "-Xmx256m";
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final int ROWS = 1_000_000;
    private static final int DRIVERS = 2_000;
    /** Entity rows name keys up to this; the keys past {@link #DRIVERS} have no source rows, so no value. */
    private static final int KEYS = 2_100;
    private static final int HOURS = 100;

    @TempDir
    Path repo;

    /** One view: {@code trips}, an INT64 per driver per hour, {@code driver * 1000 + hour}. */
    static RepoSpec spec() {
        return Definitions.toSpec("fleet", r -> {
            var driver = r.entity("driver").key("driver_id", ValueType.INT64);
            var source = r.parquet("trips", "data/trips.parquet");
            r.featureView("driver_hourly", driver, source).ttl(Duration.ofDays(1)).feature("trips", ValueType.INT64);
        });
    }

    /** Entity row {@code i}: driver {@code i % KEYS} half an hour after its event of hour {@code i % HOURS}. */
    private static long driver(long i) {
        return i % KEYS;
    }

    private static long hour(long i) {
        return i % HOURS;
    }

    /** The value the point-in-time join must give row {@code i}, from the generating formula; null when none. */
    private static Long expected(long i) {
        return driver(i) < DRIVERS ? driver(i) * 1000 + hour(i) : null;
    }

    private static long mix(long row, Long value) {
        long h = (row + 1) * 0x9E3779B97F4A7C15L;
        return h ^ (value == null ? 0x5DEECE66DL : value * 0xC2B2AE3D27D4EB4FL);
    }

    @Test
    void aMillionRowsStreamFromAServerWithASmallHeap() throws Exception {
        Files.createDirectories(repo.resolve("data"));
        ParquetTables.write(repo.resolve("data/trips.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("trips", ValueType.INT64)),
                generated((long) DRIVERS * HOURS, i -> new Object[] {i / HOURS, T0.plusSeconds(3600 * (i % HOURS)),
                        (i / HOURS) * 1000 + i % HOURS}));
        ParquetTables.write(repo.resolve("entities.parquet"), List.of(new Column("row_id", ValueType.INT64),
                new Column("driver_id", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP)),
                generated(ROWS, i -> new Object[] {i, driver(i), T0.plusSeconds(3600 * hour(i) + 1800)}));
        long expectedSum = 0;
        for (long i = 0; i < ROWS; i++) {
            expectedSum += mix(i, expected(i));
        }

        Process server = startServer();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            int port = Integer.parseInt(awaitLine(out, "PORT ").substring(5).strip());
            long rows = 0;
            long sum = 0;
            long batches = 0;
            try (BufferAllocator allocator = new RootAllocator();
                 FlightTrainingSets client = FlightTrainingSets.connect(allocator, "127.0.0.1", port, null);
                 FlightStream stream = client.trainingSet(new TrainingSetTicket("fleet",
                         List.of("driver_hourly:trips"), null, "entities.parquet", null, null, null, null, null, null,
                         null, null, null))) {
                while (stream.next()) {
                    VectorSchemaRoot root = stream.getRoot();
                    BigIntVector ids = (BigIntVector) root.getVector("row_id");
                    BigIntVector trips = (BigIntVector) root.getVector("trips");
                    for (int r = 0; r < root.getRowCount(); r++) {
                        sum += mix(ids.get(r), trips.isNull(r) ? null : trips.get(r));
                    }
                    rows += root.getRowCount();
                    batches++;
                }
            }
            try (OutputStream in = server.getOutputStream()) {
                in.write("report\n".getBytes(StandardCharsets.UTF_8));
            }
            String peak = awaitLine(out, "PEAK ");
            System.out.println("server with " + SERVER_HEAP + ": " + peak + " after " + rows + " rows");
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server ends").isTrue();
            assertThat(server.exitValue()).as("the server's exit code (an OutOfMemoryError ends it otherwise); its log:\n%s",
                    Files.readString(repo.resolve("server.log"))).isZero();

            assertThat(rows).isEqualTo(ROWS);
            assertThat(sum).as("checksum of (row_id, trips) over every row").isEqualTo(expectedSum);
            assertThat(batches).as("record batches").isGreaterThan(1);
            long arrowPeak = Long.parseLong(peak.replaceAll(".*arrow=(\\d+).*", "$1"));
            long wholeResult = (long) ROWS * 4 * Long.BYTES; // four 8-byte columns, validity left out
            assertThat(arrowPeak).as("server's peak Arrow memory (%s) against the whole result's %d bytes", peak,
                    wholeResult).isPositive().isLessThan(wholeResult / 4);
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** {@code BoundedHeapFlightServer} with {@link #SERVER_HEAP}, this JVM's classpath and module flags. */
    private Process startServer() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(SERVER_HEAP);
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--enable-native-access")
                    || arg.startsWith("--sun-misc-unsafe-memory-access")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BoundedHeapFlightServer.class.getName());
        command.add(repo.toString());
        return new ProcessBuilder(command).redirectError(repo.resolve("server.log").toFile()).start();
    }

    /** The next line of the server's output starting with {@code prefix}; fails with its log if it ends first. */
    private String awaitLine(BufferedReader out, String prefix) throws Exception {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the server ended without printing " + prefix + "; its log:\n"
                + Files.readString(repo.resolve("server.log")));
    }

    private interface Row {
        Object[] of(long i);
    }

    /** {@code count} rows made as they are written, so the test's own heap does not hold them. */
    private static Iterable<Object[]> generated(long count, Row row) {
        return () -> new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Object[] next() {
                return row.of(next++);
            }
        };
    }
}
