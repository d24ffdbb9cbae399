package dev.granary.serving;

import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.TestDatabases;

/** The lookup counters on the embedded registry (H2, in memory). */
class H2LookupCountersTest extends LookupCountersContract {
    @Override
    protected RegistryDatabase openFresh() {
        return RegistryDatabase.open(TestDatabases.freshH2Url(), "sa", "");
    }

    @Override
    protected void dropFresh() {
        // in memory and named for this test alone: it goes with the test JVM
    }
}
