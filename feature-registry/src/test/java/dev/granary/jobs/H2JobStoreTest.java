package dev.granary.jobs;

import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.TestDatabases;

/** The job store contract on the embedded registry (H2, in memory). */
class H2JobStoreTest extends JobStoreContract {
    @Override
    protected RegistryDatabase openFresh() {
        return RegistryDatabase.open(TestDatabases.freshH2Url(), "sa", "");
    }

    @Override
    protected void dropFresh() {
        // in memory and named for this test alone: it goes with the test JVM
    }
}
