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
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.toString(Integer.parseInt(n.substring(1, n.indexOf("__")))))
                    .toList();
            assertThat(Migrations.VERSIONS).containsExactlyInAnyOrderElementsOf(versions);
        }
    }
}
