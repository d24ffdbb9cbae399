package dev.granary.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.config.RegistrySettings;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry contract on embedded H2 (PostgreSQL mode), the default of a fresh repository. */
class H2RegistryTest extends RegistryContractTest {
    @TempDir
    Path folder;

    @Override
    protected TestDatabases.Fresh fresh() {
        return TestDatabases.h2();
    }

    @Test
    void versionsSurviveClosingAndReopeningTheFile() {
        String url = "jdbc:h2:file:" + folder.resolve("registry");
        try (RegistryDatabase first = RegistryDatabase.open(url, "sa", null)) {
            first.registry().apply(Specs.rides(), ApplyOptions.by("alice"));
        }
        try (RegistryDatabase second = RegistryDatabase.open(url, "sa", null)) {
            assertThat(second.registry().current("rides").orElseThrow().spec()).isEqualTo(Specs.rides());
        }
    }

    @Test
    void aCommandsRegistryReadsAndWritesTheSameFileAsTheServers() {
        String url = "jdbc:h2:file:" + folder.resolve("registry");
        RegistrySettings settings = new RegistrySettings(url, "sa", Optional.empty());
        try (RegistryDatabase command = RegistryDatabase.openForCommand(settings)) {
            command.registry().apply(Specs.rides(), ApplyOptions.by("alice"));
        }
        try (RegistryDatabase server = RegistryDatabase.open(settings)) {
            assertThat(server.registry().currentSpec("rides")).contains(new CurrentSpec(1, Specs.rides()));
            server.registry().apply(Specs.withExtraFeature(Specs.rides(), "x"), ApplyOptions.by("bob"));
        }
        try (RegistryDatabase command = RegistryDatabase.openForCommand(settings)) {
            assertThat(command.registry().currentVersion("rides")).isEqualTo(2);
        }
    }
}
