package dev.granary.jobs;

import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.TestDatabases;

/** The job store contract on PostgreSQL, in a schema of its own per test. */
class PostgresJobStoreTest extends JobStoreContract {
    private TestDatabases.PgSchema schema;

    @Override
    protected RegistryDatabase openFresh() {
        schema = TestDatabases.freshPostgresSchema();
        return schema.open();
    }

    @Override
    protected void dropFresh() {
        schema.drop();
    }
}
