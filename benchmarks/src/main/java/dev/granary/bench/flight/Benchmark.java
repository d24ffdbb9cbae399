package dev.granary.bench.flight;

import dev.granary.export.TrainingSetRequest;
import dev.granary.export.TrainingSets;
import dev.granary.flight.TrainingSetFlightServer;
import dev.granary.flight.client.FlightTrainingSets;
import dev.granary.flight.client.TrainingSetTicket;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.offline.ProgressListener;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistryDatabase;
import dev.granary.security.Authenticator;
import dev.granary.security.ErrorRedaction;
import dev.granary.spec.FeatureRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code ./bench flight [--quick]}: the offline benchmark's data (1M entity rows over 10M source rows; {@code --quick}
 * ten times smaller) exported through the registry's training-set service twice: written to a Parquet file, and
 * streamed over Arrow Flight on loopback to a client that reads every batch. Best of three each; the ratio is
 * Flight over file, the goal at most 1.1 (streaming costs no more than writing the file).
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int scale = quick ? 10 : 1;
        Path data = Path.of(System.getProperty("granary.bench.data", "benchmarks/target/bench-data"))
                .resolve(quick ? "offline-quick" : "offline-full").toAbsolutePath();
        dev.granary.bench.offline.Benchmark.generate(data, 1_000_000 / scale, 1_000_000 / scale,
                new long[]{4_000_000L / scale, 3_000_000L / scale, 3_000_000L / scale});
        Path registryDir = Files.createTempDirectory("granary-bench-flight-");
        List<String> features = dev.granary.bench.offline.Benchmark.features().stream().map(FeatureRef::toString).toList();
        double fileBest = Double.MAX_VALUE;
        double flightBest = Double.MAX_VALUE;
        long rows = 0;
        long peakHeap = 0;
        try (RegistryDatabase database = RegistryDatabase.open("jdbc:h2:file:" + registryDir.resolve("registry"), "sa", "")) {
            database.registry().apply(dev.granary.bench.offline.Benchmark.spec(), ApplyOptions.by("bench"));
            TrainingSets sets = new TrainingSets(database.registry(), new ParquetOfflineEngine(), database.dataSource(),
                    data, data);
            try (TrainingSetFlightServer server = TrainingSetFlightServer.start("127.0.0.1", 0, sets,
                    new Authenticator(null, false), ErrorRedaction.none());
                 BufferAllocator allocator = new RootAllocator();
                 FlightTrainingSets client = FlightTrainingSets.connect(allocator, "127.0.0.1", server.port(), null)) {
                TrainingSetTicket ticket = new TrainingSetTicket("bench", features, null, "entities.parquet", null, null,
                        null, null, null, null, null, null, null);
                for (int run = 0; run < 3; run++) {
                    dev.granary.bench.offline.Benchmark.resetPeaks();
                    long t0 = System.nanoTime();
                    long fileRows = sets.export(new TrainingSetRequest("bench", Path.of("entities.parquet"), features,
                            null, Path.of("flight-bench-out.parquet"), false, null, true), ProgressListener.NONE).rowCount();
                    double file = (System.nanoTime() - t0) / 1e9;
                    long t1 = System.nanoTime();
                    long streamed = 0;
                    try (FlightStream stream = client.trainingSet(ticket)) {
                        while (stream.next()) {
                            streamed += stream.getRoot().getRowCount();
                        }
                    }
                    double flight = (System.nanoTime() - t1) / 1e9;
                    peakHeap = Math.max(peakHeap, dev.granary.bench.offline.Benchmark.peakHeapBytes());
                    if (streamed != fileRows) {
                        throw new IllegalStateException("streamed " + streamed + " rows, the file has " + fileRows);
                    }
                    rows = streamed;
                    System.out.printf(Locale.ROOT, "run %d: file %.2f s, flight %.2f s (%d rows)%n", run + 1, file,
                            flight, streamed);
                    fileBest = Math.min(fileBest, file);
                    flightBest = Math.min(flightBest, flight);
                }
            }
        }
        // after the registry closed, whose pool logs its shutdown: the RESULT line is the last line
        System.out.printf(Locale.ROOT, "peak heap (server and client in one JVM) %d MiB of max %d MiB%n",
                peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "RESULT flight flight_s=%.2f file_s=%.2f ratio=%.2f rows=%d peak_heap_mb=%d%n",
                flightBest, fileBest, flightBest / fileBest, rows, peakHeap >> 20);
    }
}
