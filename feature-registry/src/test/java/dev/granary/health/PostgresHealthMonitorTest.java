package dev.granary.health;

import dev.granary.config.GranaryConfig;
import dev.granary.registry.TestDatabases;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** Scheduled checks and their history on a PostgreSQL registry, in a schema of its own per test. */
class PostgresHealthMonitorTest extends HealthMonitorContractTest {
    private TestDatabases.PgSchema schema;

    @Override
    protected GranaryConfig config(Path repo) {
        schema = TestDatabases.freshPostgresSchema();
        Map<String, String> environment = new HashMap<>();
        environment.put("GRANARY_REGISTRY_URL", schema.url());
        environment.put("GRANARY_REGISTRY_USER", schema.user());
        if (schema.password() != null) {
            environment.put("GRANARY_REGISTRY_PASSWORD", schema.password());
        }
        return GranaryConfig.load(repo, environment);
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.drop();
        }
    }
}
