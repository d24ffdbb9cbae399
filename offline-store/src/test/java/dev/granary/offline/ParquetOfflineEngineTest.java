package dev.granary.offline;

/** The contract on the in-process engine; its tiny budgets in the random cases force the spill path often. */
class ParquetOfflineEngineTest extends OfflineEngineContractTest {
    private static final OfflineEngine ENGINE = new ParquetOfflineEngine();

    @Override
    protected OfflineEngine engine() {
        return ENGINE;
    }

    @Override
    protected int minimumSpilledCases() {
        return 51;
    }
}
