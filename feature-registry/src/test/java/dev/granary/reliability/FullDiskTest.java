package dev.granary.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.online.FeatureStatus;
import dev.granary.online.FeatureValue;
import dev.granary.online.OnlineStore;
import dev.granary.online.ReadRow;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.VersionSummary;
import dev.granary.search.CatalogExtras;
import dev.granary.search.LuceneCatalog;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under the embedded stores (online store, H2 registry, Lucene catalog), for real: a child JVM writes under a file-size limit until a write fails
 * with "File too large", as on a full disk. The child gets one clear error naming the store and the cause (no
 * stack trace); reopened without the limit, the store holds every write acknowledged before and takes new ones.
 */
class FullDiskTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final FeatureViewSpec VIEW = new FeatureViewSpec("filling", List.of("driver"), "src", 0, true,
            IntStream.range(0, 10).mapToObj(i -> new FeatureSpec("f" + i, ValueType.INT64)).toList(), List.of(),
            null, null, null);

    @TempDir
    Path dir;

    @Test
    void onlineStoreOnAFullDiskFailsClearlyAndKeepsEveryAcknowledgedBatch() throws Exception {
        Path store = dir.resolve("online");
        List<String> output = runUntilFull(2_048, "online", store.toString());
        int acked = lastNumber(output, "acked ");
        assertThat(acked).as("batches written before the disk filled: %s", output).isGreaterThan(5);
        assertThat(errorLine(output)).contains("embedded online store", store.toString(), "disk is full",
                "File too large");

        try (OnlineStore reopened = OnlineStore.embedded(store)) {
            for (int batch = 1; batch <= acked; batch++) {
                assertThat(valuesOf(reopened, batch)).as("acknowledged batch %d", batch)
                        .containsOnly(present(batch));
            }
            // the batch that failed is there whole or not at all
            List<FeatureValue> failed = valuesOf(reopened, acked + 1);
            assertThat(failed.stream().distinct().count()).as("batch %d is not torn", acked + 1).isEqualTo(1);
            assertThat(failed.get(0)).isIn(present(acked + 1),
                    FeatureValue.NOT_FOUND);

            reopened.write("full", VIEW, VIEW.featureNames(), FullDiskChild.batch(acked + 2));
            assertThat(valuesOf(reopened, acked + 2)).containsOnly(present(acked + 2));
        }
    }

    @Test
    void embeddedRegistryOnAFullDiskFailsClearlyAndKeepsEveryAppliedVersion() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("registry");
        List<String> output = runUntilFull(4_096, "registry", url, "full");
        int applied = lastNumber(output, "applied ");
        assertThat(applied).as("versions applied before the disk filled: %s", output).isGreaterThan(1);
        assertThat(errorLine(output)).startsWith("ERROR StorageException").contains("registry", "disk is full",
                "File too large", dir.resolve("registry").toString());

        try (RegistryDatabase reopened = RegistryDatabase.open(url, null, null)) {
            List<VersionSummary> history = reopened.registry().history("full");
            assertThat(history).extracting(VersionSummary::version)
                    .containsAll(IntStream.rangeClosed(1, applied).boxed().toList());
            for (int version = 1; version <= history.size(); version++) {
                assertThat(reopened.registry().version("full", version).spec().featureViews()).hasSize(40);
            }
            assertThat(reopened.registry().version("full", applied).spec())
                    .isEqualTo(KillNineTest.largeSpec("full", "v" + applied));
            int next = reopened.registry().apply(KillNineTest.largeSpec("full", "after"), ApplyOptions.by("test"))
                    .version();
            assertThat(next).isEqualTo(history.size() + 1);
        }
    }

    @Test
    void catalogOnAFullDiskFailsClearlyAndReopensAtTheLastIndexedVersion() throws Exception {
        Path folder = dir.resolve("catalog");
        List<String> output = runUntilFull(1_024, "catalog", folder.toString());
        int indexed = lastNumber(output, "indexed ");
        assertThat(indexed).as("versions indexed before the disk filled: %s", output).isGreaterThan(1);
        assertThat(errorLine(output)).startsWith("ERROR CatalogException").contains(folder.toString(),
                "disk is full", "File too large");

        try (LuceneCatalog reopened = LuceneCatalog.open(folder)) {
            for (int n = 1; n <= indexed; n++) {
                assertThat(reopened.indexedVersion("p" + n)).as("acknowledged project p%d", n).isEqualTo(n);
            }
            assertThat(reopened.indexedVersion("p" + (indexed + 1))).isIn(-1L, indexed + 1L);
            reopened.replaceProject("after", KillNineTest.largeSpec("after", "v"), 1, CatalogExtras.NONE);
            assertThat(reopened.indexedVersion("after")).isEqualTo(1L);
        }
    }

    /** Runs the child under the limit until it exits (it stops at the first failed write), returning its output. */
    private List<String> runUntilFull(long limitKib, String... args) throws Exception {
        Path log = dir.resolve(args[0] + ".log");
        Process child = ChildJvm.startWithFileLimit(limitKib, FullDiskChild.class.getName(), log, args);
        boolean exited = child.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(exited).as("the child stops at the first failed write: %s", output).isTrue();
        assertThat(child.exitValue()).as("a clear error rather than a crash: %s", output).isEqualTo(3);
        assertThat(output).as("no stack trace")
                .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception in"));
        return output;
    }

    private static int lastNumber(List<String> output, String prefix) {
        return output.stream().filter(line -> line.startsWith(prefix))
                .mapToInt(line -> Integer.parseInt(line.substring(prefix.length()))).max().orElse(0);
    }

    private static String errorLine(List<String> output) {
        return output.stream().filter(line -> line.startsWith("ERROR ")).findFirst().orElseThrow(
                () -> new AssertionError("no error line in " + output));
    }

    private static List<FeatureValue> valuesOf(OnlineStore store, int batch) {
        List<ReadRow> rows = store.read("full", VIEW, VIEW.featureNames(), FullDiskChild.keys(batch), T0);
        return rows.stream().flatMap(row -> row.stream()).toList();
    }

    private static FeatureValue present(int batch) {
        return new FeatureValue((long) batch, T0.plusSeconds(batch), FeatureStatus.PRESENT);
    }
}
