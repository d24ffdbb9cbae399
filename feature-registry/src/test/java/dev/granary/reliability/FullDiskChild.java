package dev.granary.reliability;

import dev.granary.error.GranaryException;
import dev.granary.online.EntityKey;
import dev.granary.online.OnlineRow;
import dev.granary.online.OnlineStore;
import dev.granary.online.OnlineStoreException;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistryDatabase;
import dev.granary.search.CatalogException;
import dev.granary.search.CatalogExtras;
import dev.granary.search.LuceneCatalog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The child JVM of {@link FullDiskTest}, run under a file-size limit. {@code online DIR}: writes batch after batch
 * of new rows into the embedded online store at DIR, printing {@code acked N} after batch N returns.
 * {@code registry URL PROJECT}: applies ever new versions into the registry, printing {@code applied N}.
 * {@code catalog DIR}: indexes project {@code pN} at version N into the Lucene catalog, N = 1, 2, ...,, printing {@code indexed N}. Each
 * runs until a write fails, then prints {@code ERROR} with the exception's type and one-line message and exits 3;
 * any other failure prints its stack trace and exits 4.
 */
public final class FullDiskChild {
    static final int ROWS_PER_BATCH = 200;

    private FullDiskChild() {
    }

    public static void main(String[] args) {
        try {
            if (args[0].equals("online")) {
                writeRows(Path.of(args[1]));
            } else if (args[0].equals("catalog")) {
                indexVersions(Path.of(args[1]));
            } else {
                applyVersions(args[1], args[2]);
            }
        } catch (OnlineStoreException | GranaryException | CatalogException e) {
            System.out.println("ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage().replace('\n', ' '));
            System.out.flush();
            System.exit(3);
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(4);
        }
    }

    private static void writeRows(Path directory) {
        OnlineStore store = OnlineStore.embedded(directory);
        for (int batch = 1; ; batch++) {
            store.write("full", FullDiskTest.VIEW, FullDiskTest.VIEW.featureNames(), batch(batch));
            System.out.println("acked " + batch);
            System.out.flush();
        }
    }

    /** Batch N: rows of its own keys, every value N. */
    static List<OnlineRow> batch(int batch) {
        List<Object> values = Collections.nCopies(FullDiskTest.VIEW.features().size(), (long) batch);
        Instant ts = FullDiskTest.T0.plusSeconds(batch);
        return keys(batch).stream().map(k -> new OnlineRow(k, ts, values)).toList();
    }

    static List<EntityKey> keys(int batch) {
        return IntStream.range(0, ROWS_PER_BATCH).mapToObj(i -> EntityKey.of((long) batch * ROWS_PER_BATCH + i))
                .toList();
    }

    private static void indexVersions(Path folder) {
        LuceneCatalog catalog = LuceneCatalog.open(folder);
        for (int n = 1; ; n++) {
            catalog.replaceProject("p" + n, KillNineTest.largeSpec("p" + n, "v"), n, CatalogExtras.NONE);
            System.out.println("indexed " + n);
            System.out.flush();
        }
    }

    private static void applyVersions(String url, String project) {
        RegistryDatabase database = RegistryDatabase.open(url, null, null);
        for (int n = 1; ; n++) {
            int version = database.registry().apply(KillNineTest.largeSpec(project, "v" + n), ApplyOptions.by("child"))
                    .version();
            System.out.println("applied " + version);
            System.out.flush();
        }
    }
}
