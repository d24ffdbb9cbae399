package dev.granary.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The registry database.
 *
 * @param url      {@code registry.url}: JDBC URL, {@code jdbc:h2:file:./.granary/registry} (embedded H2) by
 *                 default, or {@code jdbc:postgresql://host:5432/db}
 * @param user     {@code registry.user}: database user ({@code sa} for H2 by default, else the driver's default)
 * @param password {@code registry.password} (secret): database password, none by default
 */
public record RegistrySettings(String url, String user, Optional<Secret> password) {
    public RegistrySettings {
        requireNonNull(url, "url is null");
        requireNonNull(password, "password is null");
    }

    public boolean isEmbedded() {
        return url.startsWith("jdbc:h2:");
    }
}
