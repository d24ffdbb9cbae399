package dev.granary.materialization;

import dev.granary.config.GranaryConfig;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.online.OnlineStore;
import dev.granary.registry.RegistryDatabase;
import dev.granary.serving.OnlineStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The child JVM of {@link MaterializationKillTest}: runs {@code materialize-incremental} on a repository's local
 * stores in small batches, printing {@code rows N} after each batch and {@code DONE} at the end.
 * Arguments: repository folder, project, end instant, batch size.
 */
public final class MaterializeChild {
    private MaterializeChild() {
    }

    public static void main(String[] args) {
        GranaryConfig config = GranaryConfig.load(Path.of(args[0]));
        try (RegistryDatabase database = RegistryDatabase.open(config.registry());
             OnlineStore store = OnlineStores.open(config.online())) {
            Materializer materializer = Materializer.create(database.registry(), database.dataSource(),
                    new ParquetOfflineEngine(), store, config.offline().root(), Integer.parseInt(args[3]));
            try (MaterializationJobs jobs = MaterializationJobs.create(materializer, database.dataSource(), 1)) {
                jobs.run(MaterializeRequest.incremental(args[1], Instant.parse(args[2]), List.of("driver_stats")),
                        (view, rows, done, total) -> {
                            System.out.println("rows " + rows);
                            System.out.flush();
                        });
            }
        }
        System.out.println("DONE");
        System.out.flush();
    }
}
