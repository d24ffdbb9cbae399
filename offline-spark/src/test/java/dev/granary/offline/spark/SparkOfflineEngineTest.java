package dev.granary.offline.spark;

import dev.granary.offline.OfflineEngine;
import dev.granary.offline.OfflineEngineContractTest;

/**
 * The offline contract on Spark {@code local[2]}: every rule test, and the randomized test against the naive
 * reference (5 cases instead of 200: each export is several Spark jobs, seconds each).
 */
class SparkOfflineEngineTest extends OfflineEngineContractTest {
    @Override
    public OfflineEngine engine() {
        return TestSpark.engine();
    }

    @Override
    public int randomCases() {
        return 5;
    }
}
