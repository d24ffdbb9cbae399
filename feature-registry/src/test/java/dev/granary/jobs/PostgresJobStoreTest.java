package dev.granary.jobs;

import dev.granary.registry.TestDatabases;

/** The job store contract on PostgreSQL, in a schema of its own per test. */
class PostgresJobStoreTest extends JobStoreContract {
    @Override
    protected TestDatabases.Fresh fresh() {
        return TestDatabases.freshPostgresSchema();
    }
}
