package dev.granary.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where offline sources are read and how ({@code offline.*}).
 *
 * @param root           {@code offline.root}: folder that relative source paths resolve against (default the
 *                       repository); sources, entity tables and offline pushes given to the server stay inside it
 * @param engine         {@code offline.engine}: {@code parquet} (in process, the default) or {@code spark}
 * @param engineSettings the chosen engine's block ({@code offline.spark}: {@code master}, {@code conf}); empty
 *                       for the in-process engine
 * @param exportRoot     {@code offline.exportRoot}: when set, the only folder the server writes training sets
 *                       into (relative outputs resolve against it); otherwise outputs stay inside {@code root}
 */
public record OfflineSettings(Path root, String engine, Map<String, Object> engineSettings,
                              Optional<Path> exportRoot) {
    public OfflineSettings {
        requireNonNull(root, "root is null");
        requireNonNull(engine, "engine is null");
        engineSettings = Map.copyOf(engineSettings);
        requireNonNull(exportRoot, "exportRoot is null");
    }

    /** No export root. */
    public OfflineSettings(Path root, String engine, Map<String, Object> engineSettings) {
        this(root, engine, engineSettings, Optional.empty());
    }

    public OfflineSettings(Path root) {
        this(root, "parquet", Map.of());
    }
}
