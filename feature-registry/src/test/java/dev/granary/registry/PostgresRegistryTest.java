package dev.granary.registry;

/** The registry contract on PostgreSQL, in a schema of its own per test. */
class PostgresRegistryTest extends RegistryContractTest {
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
