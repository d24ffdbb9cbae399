package dev.granary.offline.spark;

import dev.granary.offline.OfflineEngine;
import dev.granary.offline.OfflineEngineProvider;
import java.util.Map;

/** {@code offline.engine: spark}: a {@link SparkOfflineEngine} on the master and properties of {@code offline.spark}. */
public final class SparkEngineProvider implements OfflineEngineProvider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public OfflineEngine create(Map<String, Object> settings) {
        return SparkOfflineEngine.start(SparkSettings.of(settings));
    }
}
