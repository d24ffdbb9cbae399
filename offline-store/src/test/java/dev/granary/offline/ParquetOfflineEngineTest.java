package dev.granary.offline;

/** The contract on the in-process engine; its tiny budgets in the random cases force the spill path often. */
class ParquetOfflineEngineTest extends OfflineEngineContractTest {
    private static final OfflineEngine ENGINE = new ParquetOfflineEngine();

    @Override
    public OfflineEngine engine() {
        return ENGINE;
    }

    @Override
    public int minimumSpilledCases() {
        return 51;
    }
}
