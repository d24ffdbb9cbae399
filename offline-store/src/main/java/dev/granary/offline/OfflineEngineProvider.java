package dev.granary.offline;

import java.util.Map;

/**
 * Makes an {@link OfflineEngine} other than the in-process one, found with {@link java.util.ServiceLoader} so an
 * engine with heavy dependencies (Spark) lives in its own module and is on the classpath only when chosen. A
 * module implementing it lists its class in {@code META-INF/services/dev.granary.offline.OfflineEngineProvider}.
 */
public interface OfflineEngineProvider {
    /** The name {@code offline.engine} selects it by, such as {@code spark}. */
    String name();

    /**
     * A new engine.
     *
     * @param settings the engine's block of {@code granary.yaml} ({@code offline.<name>}), empty when absent;
     *                 values are strings, numbers, booleans, lists and maps as YAML gives them
     * @throws IllegalArgumentException if a setting is invalid, naming the key and the fix
     */
    OfflineEngine create(Map<String, Object> settings);
}
