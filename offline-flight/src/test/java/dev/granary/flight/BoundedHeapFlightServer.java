package dev.granary.flight;

import dev.granary.export.TrainingSets;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistryDatabase;
import dev.granary.security.Authenticator;
import dev.granary.security.ErrorRedaction;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The server side of {@link BoundedHeapStreamTest}, run in its own JVM with the small heap the test gives it: a
 * registry in H2 under the repository folder, the training-set service and a Flight server on loopback. Prints
 * {@code PORT n} when it listens; at the first line on standard input (or its end) prints
 * {@code PEAK arrow=<bytes> heap=<bytes> max=<bytes>} (the Flight server's peak Arrow memory, the heap pools'
 * peaks summed, an upper bound of the heap used at once, and the heap limit) and exits.
 */
final class BoundedHeapFlightServer {
    private BoundedHeapFlightServer() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        try (RegistryDatabase database = RegistryDatabase.open("jdbc:h2:file:" + repo.resolve(".granary/registry"),
                "sa", "")) {
            database.registry().apply(BoundedHeapStreamTest.spec(), ApplyOptions.by("test"));
            TrainingSets sets = new TrainingSets(database.registry(), new ParquetOfflineEngine(),
                    database.dataSource(), repo, repo);
            try (TrainingSetFlightServer server = TrainingSetFlightServer.start("127.0.0.1", 0, sets,
                    new Authenticator(null, false), ErrorRedaction.none())) {
                System.out.println("PORT " + server.port());
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                long heap = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        heap += pool.getPeakUsage().getUsed();
                    }
                }
                System.out.println("PEAK arrow=" + server.peakAllocatedBytes() + " heap=" + heap + " max="
                        + Runtime.getRuntime().maxMemory());
                System.out.flush();
            }
        }
    }
}
