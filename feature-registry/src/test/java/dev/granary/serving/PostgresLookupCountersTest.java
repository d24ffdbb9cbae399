package dev.granary.serving;

import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.TestDatabases;

/** The lookup counters on PostgreSQL, in a schema of its own per test. */
class PostgresLookupCountersTest extends LookupCountersContract {
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
