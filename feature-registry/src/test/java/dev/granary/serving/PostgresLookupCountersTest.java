package dev.granary.serving;

import dev.granary.registry.TestDatabases;

/** The lookup counters on PostgreSQL, in a schema of its own per test. */
class PostgresLookupCountersTest extends LookupCountersContract {
    @Override
    protected TestDatabases.Fresh fresh() {
        return TestDatabases.freshPostgresSchema();
    }
}
