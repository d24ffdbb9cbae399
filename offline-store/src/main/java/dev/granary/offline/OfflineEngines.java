package dev.granary.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Builds the engine {@code offline.engine} names: the in-process {@link ParquetOfflineEngine} or a provider's. */
public final class OfflineEngines {
    /** The in-process engine's name, and the default. */
    public static final String IN_PROCESS = "parquet";

    private OfflineEngines() {
    }

    /**
     * The engine called {@code name} ({@code null} or blank means {@value #IN_PROCESS}).
     *
     * @throws IllegalArgumentException if no engine of that name is on the classpath
     */
    public static OfflineEngine create(String name, Map<String, Object> settings) {
        if (name == null || name.isBlank() || name.equals(IN_PROCESS)) {
            return new ParquetOfflineEngine();
        }
        List<String> found = new ArrayList<>(List.of(IN_PROCESS));
        for (OfflineEngineProvider provider : ServiceLoader.load(OfflineEngineProvider.class)) {
            if (provider.name().equals(name)) {
                return provider.create(settings == null ? Map.of() : settings);
            }
            found.add(provider.name());
        }
        throw new IllegalArgumentException("offline.engine '" + name + "' is not on the classpath (engines here: "
                + found + "); use one of them, or run through ./granary, which adds the offline-" + name
                + " module when granary.yaml chooses it");
    }
}
