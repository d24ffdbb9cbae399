package dev.granary.config;

/**
 * Tokens, roles and restricted features of {@code granary serve} ({@code security.*}).
 *
 * @param enabled {@code security.enabled}: every REST, online-API and UI call of {@code granary serve} needs a
 *                bearer token with a role on the project (default false: the embedded quickstart needs none)
 */
public record SecuritySettings(boolean enabled) {
    public static final SecuritySettings OFF = new SecuritySettings(false);
}
