package dev.granary.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    void versionsConstantListsEveryScript() throws IOException {
        try (Stream<Path> scripts = Files.list(Path.of("src/main/resources/db/migration"))) {
            var versions = scripts.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("V\\d+(_\\d+)*__.*\\.sql"))
                    // Flyway reads V2_22__ as version 2.22
                    .map(n -> n.substring(1, n.indexOf("__")).replace('_', '.'))
                    .toList();
            assertThat(Migrations.VERSIONS).containsExactlyInAnyOrderElementsOf(versions);
        }
    }
}
