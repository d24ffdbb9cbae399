package dev.granary.serving;

import dev.granary.registry.TestDatabases;

/** The lookup counters on the embedded registry (H2, in memory). */
class H2LookupCountersTest extends LookupCountersContract {
    @Override
    protected TestDatabases.Fresh fresh() {
        return TestDatabases.h2();
    }
}
