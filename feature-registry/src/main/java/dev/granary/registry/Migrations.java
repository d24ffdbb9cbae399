package dev.granary.registry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

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
    static final Set<String> VERSIONS = Set.of("1", "2.22", "3", "3.28", "3.29");

    private Migrations() {
    }

    static void migrate(DataSource dataSource) {
        Set<String> applied = appliedVersions(dataSource);
        if (applied.containsAll(VERSIONS)) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                // Flyway warns at every run in out-of-order mode ("may not be reproducible"), which a new user's
                // first command would print; so the mode is on only when a script needs it
                .outOfOrder(needsOutOfOrder(applied))
                .load()
                .migrate();
    }

    /**
     * Whether a script not yet applied is older than the newest applied one: scripts are numbered by branch as they
     * are written, so one merged below an applied one must still run, which Flyway does only in out-of-order mode.
     */
    static boolean needsOutOfOrder(Set<String> applied) {
        MigrationVersion newest = applied.stream().map(MigrationVersion::fromVersion)
                .max(Comparator.naturalOrder()).orElse(null);
        return newest != null && VERSIONS.stream().filter(v -> !applied.contains(v))
                .map(MigrationVersion::fromVersion).anyMatch(pending -> pending.compareTo(newest) < 0);
    }

    /** The versions the history table records as applied; none for a new database (no history table yet). */
    private static Set<String> appliedVersions(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM flyway_schema_history WHERE success")) {
            Set<String> applied = new HashSet<>();
            while (rows.next()) {
                String version = rows.getString(1);
                if (version != null) {  // a repeatable script has none
                    applied.add(version);
                }
            }
            return applied;
        } catch (SQLException e) {
            // no history table yet (a new database) or no access: Flyway decides and reports
            return Set.of();
        }
    }
}
