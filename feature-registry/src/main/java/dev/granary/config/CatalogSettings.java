package dev.granary.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The search index ({@code catalog.*}).
 *
 * @param path {@code catalog.path}: folder of the search index ({@code ./.granary/catalog})
 */
public record CatalogSettings(Path path) {
    public CatalogSettings {
        requireNonNull(path, "path is null");
    }
}
