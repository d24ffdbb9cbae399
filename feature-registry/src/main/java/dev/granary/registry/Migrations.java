package dev.granary.registry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the registry schema up to date with the Flyway scripts in {@code db/migration}. Starting Flyway costs
 * about a second of class loading, which every CLI command would pay; so when the history table already records
 * the latest script, Flyway is not started at all.
 */
final class Migrations {
    /**
     * The versions of every script in {@code db/migration}; a test keeps it in step with the files. All must be
     * recorded for Flyway to be skipped, so a script merged below the newest applied one still runs.
     */
    static final java.util.Set<String> VERSIONS = java.util.Set.of("1", "2.22", "3", "3.28", "3.29");

    private Migrations() {
    }

    static void migrate(DataSource dataSource) {
        if (isUpToDate(dataSource)) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                // scripts are numbered by branch as they are written; one merged below an applied one still runs
                .outOfOrder(true)
                .load()
                .migrate();
    }

    private static boolean isUpToDate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM flyway_schema_history WHERE success")) {
            java.util.Set<String> applied = new java.util.HashSet<>();
            while (rows.next()) {
                applied.add(rows.getString(1));
            }
            return applied.containsAll(VERSIONS);
        } catch (SQLException e) {
            // no history table yet (a new database) or no access: let Flyway decide and report
            return false;
        }
    }
}
