package dev.granary.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The contract on the embedded MVStore store, in a fresh temporary directory per test. */
class EmbeddedOnlineStoreTest extends OnlineStoreContractTest {
    private Path directory;

    @Override
    protected OnlineStore newStore() throws Exception {
        directory = Files.createTempDirectory("granary-online-");
        return OnlineStore.embedded(directory);
    }

    @Override
    protected OnlineStore reopen(OnlineStore current) {
        current.close();
        return OnlineStore.embedded(directory);
    }

    @Override
    protected OnlineStore reopenWithoutFloatText(OnlineStore current) {
        current.close();
        return OnlineStore.embedded(directory, false);
    }

    @Override
    protected void crash(OnlineStore current) {
        ((EmbeddedOnlineStore) current).crash();
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefusedWithTheFix() {
        assertThatThrownBy(() -> OnlineStore.embedded(directory)).isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining(directory.toString()).hasMessageContaining("no other Granary process");
    }

    /** A real kill -9 of a writing JVM: every batch is one commit, so all rows come back at one version. */
    @Test
    void killingTheWritingProcessLeavesOneWholeBatchVersion() throws Exception {
        store.close();
        Path dir = directory.resolve("killed");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process writer = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                EmbeddedWriterProcess.class.getName(), dir.toString()).redirectErrorStream(true).start();
        long committed = 0;
        try (var lines = new BufferedReader(new InputStreamReader(writer.getInputStream()))) {
            String line;
            while ((line = lines.readLine()) != null && committed < 3) {
                if (line.startsWith("committed ")) {
                    committed = Long.parseLong(line.substring("committed ".length()));
                }
            }
            writer.destroyForcibly().waitFor();
        }
        assertThat(committed).as("the writer committed batches before the kill").isEqualTo(3);

        store = OnlineStore.embedded(dir);
        var keys = IntStream.range(0, EmbeddedWriterProcess.ROWS).mapToObj(EntityKey::of).toList();
        var rows = store.read("killed", EmbeddedWriterProcess.VIEW, EmbeddedWriterProcess.VIEW.featureNames(), keys, T0);
        Object version = rows.get(0).get(0).value();
        assertThat((Long) version).isGreaterThanOrEqualTo(3L);
        assertThat(rows).allSatisfy(row -> assertThat(row)
                .containsOnly(new FeatureValue(version, EmbeddedWriterProcess.T0.plusSeconds((Long) version),
                        FeatureStatus.PRESENT)));
    }

    @Override
    protected void cleanUp() throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
