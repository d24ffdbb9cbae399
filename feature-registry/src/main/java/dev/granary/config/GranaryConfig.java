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

    /** With scheduled health checks off. */
    public GranaryConfig(Path repoDir, String project, RegistrySettings registry, OnlineSettings online,
                         OfflineSettings offline, CatalogSettings catalog, ServerSettings server,
                         LimitSettings limits, SecuritySettings security, LoggingSettings logging) {
        this(repoDir, project, registry, online, offline, catalog, server, limits, security, logging,
                MonitoringSettings.OFF);
    }

    /** With the default {@link LoggingSettings} (plain text). */
    public GranaryConfig(Path repoDir, String project, RegistrySettings registry, OnlineSettings online,
                         OfflineSettings offline, CatalogSettings catalog, ServerSettings server,
                         LimitSettings limits, SecuritySettings security) {
        this(repoDir, project, registry, online, offline, catalog, server, limits, security, LoggingSettings.TEXT);
    }

    /** With the default {@link LimitSettings} and security off. */
    public GranaryConfig(Path repoDir, String project, RegistrySettings registry, OnlineSettings online,
                         OfflineSettings offline, CatalogSettings catalog, ServerSettings server) {
        this(repoDir, project, registry, online, offline, catalog, server, LimitSettings.DEFAULTS,
                SecuritySettings.OFF);
    }

    /** With security off. */
    public GranaryConfig(Path repoDir, String project, RegistrySettings registry, OnlineSettings online,
                         OfflineSettings offline, CatalogSettings catalog, ServerSettings server,
                         LimitSettings limits) {
        this(repoDir, project, registry, online, offline, catalog, server, limits, SecuritySettings.OFF);
    }

    /** With the default {@link LimitSettings}. */
    public GranaryConfig(Path repoDir, String project, RegistrySettings registry, OnlineSettings online,
                         OfflineSettings offline, CatalogSettings catalog, ServerSettings server,
                         SecuritySettings security) {
        this(repoDir, project, registry, online, offline, catalog, server, LimitSettings.DEFAULTS, security);
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

    /**
     * The online store.
     *
     * @param type          {@code online.type}: {@code embedded} (default), {@code redis} or {@code redis-cluster}
     * @param path          {@code online.path}: folder of the embedded store ({@code ./.granary/online})
     * @param url           {@code online.url}: Redis address ({@code redis://127.0.0.1:6379})
     * @param nodes         {@code online.nodes}: Redis Cluster seed nodes ({@code ["redis://h1:7000", ...]}; in
     *                      {@code GRANARY_ONLINE_NODES} comma-separated), for {@code type: redis-cluster}
     * @param password      {@code online.password} (secret): Redis password, none by default
     * @param tls           {@code online.tls}: connect to Redis over TLS (default false)
     * @param poolSize      {@code online.poolSize}: Redis connections in the pool (default 16)
     * @param timeoutMillis {@code online.timeoutMillis}: Redis connect and read timeout (default 2000)
     * @param floatText     {@code online.floatText}: store each FLOAT32/FLOAT64 with its decimal text, copied into
     *                      HTTP answers instead of formatted on every read (default true; false: smaller rows)
     */
    public record OnlineSettings(OnlineType type, Path path, String url, List<String> nodes,
                                 Optional<Secret> password, boolean tls, int poolSize, long timeoutMillis,
                                 boolean floatText) {
        public OnlineSettings {
            requireNonNull(type, "type is null");
            requireNonNull(path, "path is null");
            requireNonNull(url, "url is null");
            nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
            if (type == OnlineType.REDIS_CLUSTER && nodes.isEmpty()) {
                throw new ConfigException("online.nodes", "online.type is redis-cluster but online.nodes is empty;"
                        + " list the cluster's nodes, e.g. nodes: [\"redis://h1:7000\", \"redis://h2:7000\"]");
            }
            for (String node : nodes) {
                if (!node.matches("rediss?://([^@/]*@)?[^:/@]+:[0-9]+/?")) {
                    throw new ConfigException("online.nodes", "online.nodes entry '"
                            + node.replaceAll("//[^@/]*@", "//***@") + "' must be redis://host:port or"
                            + " rediss://host:port");
                }
            }
            requireNonNull(password, "password is null");
            if (poolSize < 1) {
                throw new ConfigException("online.poolSize", "online.poolSize must be at least 1, got " + poolSize);
            }
            if (timeoutMillis < 1) {
                throw new ConfigException("online.timeoutMillis",
                        "online.timeoutMillis must be at least 1, got " + timeoutMillis);
            }
        }
    }

    /** The kinds of online store. */
    public enum OnlineType { EMBEDDED, REDIS, REDIS_CLUSTER }

    /**
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

    /** @param path {@code catalog.path}: folder of the search index ({@code ./.granary/catalog}) */
    public record CatalogSettings(Path path) {
        public CatalogSettings {
            requireNonNull(path, "path is null");
        }
    }

    /**
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

    /**
     * Limits that keep one request from holding the service: over a limit a request is refused with 413 or 400
     * naming the limit. Defaults are in {@code docs/operations.md}.
     *
     * @param maxBodyBytes         {@code limits.maxBodyBytes}: largest request body on either port (default 16 MiB)
     * @param maxEntitiesPerLookup {@code limits.maxEntitiesPerLookup}: entity rows in one lookup (default 10,000)
     * @param maxFeaturesPerLookup {@code limits.maxFeaturesPerLookup}: features in one lookup (default 1,000)
     * @param maxSearchQueryLength {@code limits.maxSearchQueryLength}: characters of a search query (default 1,000)
     * @param maxRowsPerPush       {@code limits.maxRowsPerPush}: rows in one push (default 100,000)
     * @param futureSkewSeconds    {@code limits.futureSkewSeconds}: how far past now an event time, a
     *                             materialization end or a watermark may be (default 3,600: clocks differ a little)
     */
    public record LimitSettings(int maxBodyBytes, int maxEntitiesPerLookup, int maxFeaturesPerLookup,
                                int maxSearchQueryLength, int maxRowsPerPush, long futureSkewSeconds) {
        public static final LimitSettings DEFAULTS = new LimitSettings(16 * 1024 * 1024, 10_000, 1_000, 1_000,
                100_000, 3_600);

        public LimitSettings {
            atLeast("limits.maxBodyBytes", maxBodyBytes, 1024);
            atLeast("limits.maxEntitiesPerLookup", maxEntitiesPerLookup, 1);
            atLeast("limits.maxFeaturesPerLookup", maxFeaturesPerLookup, 1);
            atLeast("limits.maxSearchQueryLength", maxSearchQueryLength, 1);
            atLeast("limits.maxRowsPerPush", maxRowsPerPush, 1);
            atLeast("limits.futureSkewSeconds", futureSkewSeconds, 0);
            if (futureSkewSeconds > 366L * 86_400) {
                throw new ConfigException("limits.futureSkewSeconds",
                        "limits.futureSkewSeconds must be at most a year (31622400), got " + futureSkewSeconds);
            }
        }

        public java.time.Duration futureSkew() {
            return java.time.Duration.ofSeconds(futureSkewSeconds);
        }

        private static void atLeast(String key, long value, long least) {
            if (value < least) {
                throw new ConfigException(key, key + " must be at least " + least + ", got " + value);
            }
        }
    }

    /**
     * @param enabled {@code security.enabled}: every REST, online-API and UI call of {@code granary serve} needs a
     *                bearer token with a role on the project (default false: the embedded quickstart needs none)
     */
    public record SecuritySettings(boolean enabled) {
        public static final SecuritySettings OFF = new SecuritySettings(false);
    }

    /**
     * @param format {@code logging.format}: {@code text} (default, one readable line per event) or {@code json} (one
     *               JSON object per line in Logstash's field names: {@code @timestamp}, {@code level},
     *               {@code logger_name}, {@code thread_name}, {@code message}, {@code stack_trace}), for log
     *               collectors
     */
    public record LoggingSettings(String format) {
        /** The values of {@code logging.format}. */
        public static final java.util.List<String> FORMATS = java.util.List.of("text", "json");
        public static final LoggingSettings TEXT = new LoggingSettings("text");

        public LoggingSettings {
            requireNonNull(format, "format is null");
            if (!FORMATS.contains(format)) {
                throw new ConfigException("logging.format", "logging.format must be one of " + FORMATS + ", got '"
                        + format + "'");
            }
        }

        public boolean json() {
            return format.equals("json");
        }
    }

    /**
     * Scheduled health checks in {@code granary serve} ({@code docs/health.md}): every feature service that logs
     * is checked each {@code interval}, and the results are kept in the registry for {@code retention}.
     *
     * @param interval  {@code monitoring.interval}: time between two rounds of checks ({@code 1h}, {@code 15m},
     *                  {@code PT30M}; at least {@value #MIN_INTERVAL_SECONDS} s); empty (the default): no scheduled
     *                  checks, no history, no health gauges
     * @param window    {@code monitoring.window}: the current window each check compares (default {@code 24h})
     * @param retention {@code monitoring.retention}: how long stored checks are kept before the rounds delete them
     *                  (default {@code 30d}); the history holds at most retention / interval checks per service
     */
    public record MonitoringSettings(Optional<java.time.Duration> interval, java.time.Duration window,
                                     java.time.Duration retention) {
        public static final long MIN_INTERVAL_SECONDS = 1;
        public static final java.time.Duration DEFAULT_WINDOW = java.time.Duration.ofHours(24);
        public static final java.time.Duration DEFAULT_RETENTION = java.time.Duration.ofDays(30);
        public static final MonitoringSettings OFF = new MonitoringSettings(Optional.empty(), DEFAULT_WINDOW,
                DEFAULT_RETENTION);

        public MonitoringSettings {
            requireNonNull(interval, "interval is null");
            requireNonNull(window, "window is null");
            requireNonNull(retention, "retention is null");
            interval.ifPresent(i -> {
                if (i.getSeconds() < MIN_INTERVAL_SECONDS) {
                    throw new ConfigException("monitoring.interval", "monitoring.interval must be at least "
                            + MIN_INTERVAL_SECONDS + "s, got " + i + "; write it like 15m, 1h or PT1H");
                }
            });
            positive("monitoring.window", window);
            positive("monitoring.retention", retention);
            if (interval.isPresent() && retention.compareTo(interval.get()) < 0) {
                throw new ConfigException("monitoring.retention", "monitoring.retention (" + retention
                        + ") is shorter than monitoring.interval (" + interval.get() + "): no check would be kept;"
                        + " keep at least one interval, such as 30d");
            }
        }

        public boolean enabled() {
            return interval.isPresent();
        }

        private static void positive(String key, java.time.Duration value) {
            if (value.isZero() || value.isNegative()) {
                throw new ConfigException(key, key + " must be positive, got " + value + "; write it like 24h or 30d");
            }
        }
    }
}
