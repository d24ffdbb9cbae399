package dev.granary.config;

import static java.util.Objects.requireNonNull;

import dev.granary.error.ConfigException;
import java.util.List;

/**
 * The HTTP server of {@code granary serve} ({@code server.*}).
 *
 * @param port       {@code server.port}: HTTP port of {@code granary serve} (default 6566; 0 picks a free port)
 * @param onlinePort {@code server.onlinePort}: when set, a second, event-loop HTTP server answering only
 *                   {@code /get-online-features} and {@code /push} on this port (0 picks a free port); the
 *                   main port keeps answering them too (default: not set)
 * @param profile    {@code server.profile}: the JVM flags {@code ./granary serve} starts with, {@code default}
 *                   (a heap sized to the work) or {@code latency} (a fixed, pre-touched 2 GiB heap tuned for
 *                   lookup latency; docs/operations.md). Read by the launcher before the JVM starts; checked here
 * @param allowedOrigins {@code server.allowedOrigins}: browser origins ({@code https://ui.example:443}) besides
 *                   the server's own whose state-changing calls are accepted (default: none)
 * @param flightPort {@code server.flightPort}: when set, an Arrow Flight server for training sets on this port
 *                   (module {@code offline-flight}; 0 picks a free port; default: not set)
 */
public record ServerSettings(int port, java.util.OptionalInt onlinePort, String profile,
                             java.util.List<String> allowedOrigins, java.util.OptionalInt flightPort) {
    /** The values of {@code server.profile}. */
    public static final java.util.List<String> PROFILES = java.util.List.of("default", "latency");

    public ServerSettings {
        requireNonNull(onlinePort, "onlinePort is null");
        requireNonNull(profile, "profile is null");
        allowedOrigins = java.util.List.copyOf(allowedOrigins);
        checkPort("server.port", port);
        onlinePort.ifPresent(p -> checkPort("server.onlinePort", p));
        requireNonNull(flightPort, "flightPort is null");
        flightPort.ifPresent(p -> checkPort("server.flightPort", p));
        if (!PROFILES.contains(profile)) {
            throw new ConfigException("server.profile", "server.profile must be one of " + PROFILES + ", got '"
                    + profile + "'");
        }
        for (String origin : allowedOrigins) {
            if (!origin.matches("https?://[^/\\s]+")) {
                throw new ConfigException("server.allowedOrigins", "server.allowedOrigins holds '" + origin
                        + "', which is not an origin; write scheme://host[:port] without a path,"
                        + " e.g. https://features.example.com");
            }
        }
    }

    /** No Flight port. */
    public ServerSettings(int port, java.util.OptionalInt onlinePort, String profile,
                          java.util.List<String> allowedOrigins) {
        this(port, onlinePort, profile, allowedOrigins, java.util.OptionalInt.empty());
    }

    /** A profile, no other origins. */
    public ServerSettings(int port, java.util.OptionalInt onlinePort, String profile) {
        this(port, onlinePort, profile, java.util.List.of());
    }

    /** The default profile. */
    public ServerSettings(int port, java.util.OptionalInt onlinePort) {
        this(port, onlinePort, "default");
    }

    /** Only the main port. */
    public ServerSettings(int port) {
        this(port, java.util.OptionalInt.empty());
    }

    /** These settings with other ports. */
    public ServerSettings withPorts(int newPort, java.util.OptionalInt newOnlinePort) {
        return new ServerSettings(newPort, newOnlinePort, profile, allowedOrigins, flightPort);
    }

    /** These settings with another Flight port. */
    public ServerSettings withFlightPort(java.util.OptionalInt newFlightPort) {
        return new ServerSettings(port, onlinePort, profile, allowedOrigins, newFlightPort);
    }

    private static void checkPort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException(key, key + " must be between 0 and 65535, got " + port);
        }
    }
}
