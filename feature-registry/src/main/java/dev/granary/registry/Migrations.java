package dev.granary.registry;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings the registry schema up to date with the Flyway scripts in {@code db/migration}. */
final class Migrations {
    private Migrations() {
    }

    static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load()
                .migrate();
    }
}
