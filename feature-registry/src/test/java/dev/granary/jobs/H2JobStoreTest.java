package dev.granary.jobs;

import dev.granary.registry.TestDatabases;

/** The job store contract on the embedded registry (H2, in memory). */
class H2JobStoreTest extends JobStoreContract {
    @Override
    protected TestDatabases.Fresh fresh() {
        return TestDatabases.h2();
    }
}
