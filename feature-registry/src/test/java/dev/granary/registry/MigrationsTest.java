package dev.granary.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

    @Test
    void outOfOrderModeOnlyWhenAPendingScriptIsOlderThanTheNewestApplied() {
        assertThat(Migrations.needsOutOfOrder(Set.of())).as("a new database").isFalse();
        assertThat(Migrations.needsOutOfOrder(Set.of("1", "2.22", "3"))).as("only newer scripts pending").isFalse();
        assertThat(Migrations.needsOutOfOrder(Set.of("1", "3", "3.28", "3.29"))).as("2.22 merged below 3").isTrue();
        assertThat(Migrations.needsOutOfOrder(Set.of("1", "2.22", "3.28"))).as("3 below 3.28").isTrue();
    }

    @Test
    void aNewDatabaseIsMigratedWithoutWarnings() {
        Logger flyway = (Logger) LoggerFactory.getLogger("org.flywaydb");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        flyway.addAppender(lines);
        try (RegistryDatabase database = TestDatabases.h2().open()) {
            assertThat(database.registry().projects()).isEmpty();
        } finally {
            flyway.detachAppender(lines);
        }
        assertThat(lines.list).as("Flyway ran").isNotEmpty();
        assertThat(lines.list).filteredOn(line -> line.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }
}
