package dev.granary.registry;

/** The registry contract on PostgreSQL, in a schema of its own per test. */
class PostgresRegistryTest extends RegistryContractTest {
    @Override
    protected TestDatabases.Fresh fresh() {
        return TestDatabases.freshPostgresSchema();
    }
}
