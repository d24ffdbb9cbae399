package dev.granary.online;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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
    protected void crash(OnlineStore current) {
        ((EmbeddedOnlineStore) current).crash();
    }

    @org.junit.jupiter.api.Test
    void aSecondOpenOfTheSameDirectoryIsRefusedWithTheFix() {
        assertThatThrownBy(() -> OnlineStore.embedded(directory)).isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining(directory.toString()).hasMessageContaining("no other Granary process");
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
