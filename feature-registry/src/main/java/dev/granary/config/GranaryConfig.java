package dev.granary.config;

import static java.util.Objects.requireNonNull;

import dev.granary.error.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of one feature repository, as read from {@code granary.yaml} in the repository folder
 * (every key optional) with {@code GRANARY_*} environment variables on top ({@code registry.url} is
 * {@code GRANARY_REGISTRY_URL}, {@code online.poolSize} is {@code GRANARY_ONLINE_POOL_SIZE}). Relative paths
 * and the relative H2 file URL are resolved against the repository folder, so the values here are absolute.
 *
 * @param repoDir  the repository folder (absolute) the configuration was loaded from
 * @param project  {@code project}: the project name used when the definitions do not name one (default {@code default})
 * @param registry {@code registry.*}: the registry database
 * @param online   {@code online.*}: the online store
 * @param offline  {@code offline.*}: where offline sources are read
 * @param catalog  {@code catalog.*}: the search index
 * @param server   {@code server.*}: the HTTP server of {@code granary serve}
 * @param limits   {@code limits.*}: what one request may ask for, and how far in the future an event time may be
 * @param security {@code security.*}: tokens, roles and restricted features of {@code granary serve}
 * @param logging  {@code logging.*}: how {@code granary serve} writes its log
 * @param monitoring {@code monitoring.*}: scheduled health checks of {@code granary serve}
 */
public record GranaryConfig(Path repoDir, String project, RegistrySettings registry, OnlineSettings online,
                            OfflineSettings offline, CatalogSettings catalog, ServerSettings server,
                            LimitSettings limits, SecuritySettings security, LoggingSettings logging,
                            MonitoringSettings monitoring) {
    /** The file name looked up in the repository folder. */
    public static final String FILE_NAME = "granary.yaml";

    public GranaryConfig {
        requireNonNull(repoDir, "repoDir is null");
        requireNonNull(project, "project is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(online, "online is null");
        requireNonNull(offline, "offline is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(server, "server is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(security, "security is null");
        requireNonNull(logging, "logging is null");
        requireNonNull(monitoring, "monitoring is null");
    }






    /** This configuration with other server settings (the command line's ports), everything else kept. */
    public GranaryConfig withServer(ServerSettings newServer) {
        return new GranaryConfig(repoDir, project, registry, online, offline, catalog, newServer, limits, security,
                logging, monitoring);
    }

    /**
     * Loads {@code granary.yaml} from {@code repoDir} (all defaults if the file is absent) with the process
     * environment's {@code GRANARY_*} overrides.
     *
     * @throws ConfigException naming the key and the file when a key is unknown or a value invalid
     */
    public static GranaryConfig load(Path repoDir) {
        return load(repoDir, System.getenv());
    }

    /**
     * As {@link #load(Path)} but reading {@code configFile} instead of {@code repoDir/granary.yaml}; relative
     * paths in it still resolve against {@code repoDir}.
     *
     * @throws ConfigException when the file does not exist or a key is unknown or invalid
     */
    public static GranaryConfig load(Path repoDir, Path configFile) {
        return new ConfigLoader(repoDir, System.getenv()).file(configFile).load();
    }

    /** As {@link #load(Path)} with the given environment instead of the process's. */
    public static GranaryConfig load(Path repoDir, Map<String, String> environment) {
        return new ConfigLoader(repoDir, environment).load();
    }

    /** The embedded defaults of the contract for a repository folder, ignoring any file and the environment. */
    public static GranaryConfig defaults(Path repoDir) {
        return new ConfigLoader(repoDir, Map.of()).defaultsOnly().load();
    }
}
