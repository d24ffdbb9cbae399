package dev.granary.config;

import dev.granary.config.CatalogSettings;
import dev.granary.config.OfflineSettings;
import dev.granary.config.OnlineSettings;
import dev.granary.config.OnlineType;
import dev.granary.config.RegistrySettings;
import dev.granary.config.ServerSettings;
import dev.granary.error.BadRequestException;
import dev.granary.error.ConfigException;
import dev.granary.error.DurationField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads {@code granary.yaml}, applies {@code GRANARY_*} overrides and defaults, and builds the records. */
final class ConfigLoader {
    /** Every key and its default ({@code null}: none); the one list unknown keys are checked against. */
    private static final Map<String, String> DEFAULTS = defaults();
    /** Keys whose value is a list in YAML (a comma-separated string in the environment). */
    private static final java.util.Set<String> LIST_KEYS = java.util.Set.of("online.nodes", "server.allowedOrigins");

    private final Path repoDir;
    private final Map<String, String> environment;
    private boolean readFile = true;
    private Path file;
    /** {@code offline.spark.conf}: Spark properties, free-form keys passed to Spark as they are. */
    private final Map<String, Object> sparkConf = new LinkedHashMap<>();

    ConfigLoader(Path repoDir, Map<String, String> environment) {
        this.repoDir = repoDir.toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment);
        this.file = this.repoDir.resolve(GranaryConfig.FILE_NAME);
    }

    /** Reads {@code configFile} instead of the repository's {@code granary.yaml}; it must exist. */
    ConfigLoader file(Path configFile) {
        Path absolute = configFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new ConfigException("config", "the configuration file " + absolute
                    + " does not exist; give the path of a granary.yaml");
        }
        this.file = absolute;
        return this;
    }

    ConfigLoader defaultsOnly() {
        readFile = false;
        return this;
    }

    private static final String SPARK_CONF = "offline.spark.conf";

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("project", "default");
        d.put("registry.url", "jdbc:h2:file:./.granary/registry");
        d.put("registry.user", null);
        d.put("registry.password", null);
        d.put("online.type", "embedded");
        d.put("online.path", "./.granary/online");
        d.put("online.url", "redis://127.0.0.1:6379");
        d.put("online.nodes", null);
        d.put("online.password", null);
        d.put("online.tls", "false");
        d.put("online.poolSize", "16");
        d.put("online.timeoutMillis", "2000");
        d.put("online.floatText", "true");
        d.put("offline.root", ".");
        d.put("offline.engine", "parquet");
        d.put("offline.spark.master", null);
        d.put("offline.exportRoot", null);
        d.put("catalog.path", "./.granary/catalog");
        d.put("server.port", "6566");
        d.put("server.onlinePort", null);
        d.put("server.flightPort", null);
        d.put("server.profile", "default");
        LimitSettings limits = LimitSettings.DEFAULTS;
        d.put("limits.maxBodyBytes", Integer.toString(limits.maxBodyBytes()));
        d.put("limits.maxEntitiesPerLookup", Integer.toString(limits.maxEntitiesPerLookup()));
        d.put("limits.maxFeaturesPerLookup", Integer.toString(limits.maxFeaturesPerLookup()));
        d.put("limits.maxSearchQueryLength", Integer.toString(limits.maxSearchQueryLength()));
        d.put("limits.maxRowsPerPush", Integer.toString(limits.maxRowsPerPush()));
        d.put("limits.futureSkewSeconds", Long.toString(limits.futureSkewSeconds()));
        d.put("server.allowedOrigins", null);
        d.put("security.enabled", "false");
        d.put("logging.format", "text");
        d.put("monitoring.interval", null);
        d.put("monitoring.window", "24h");
        d.put("monitoring.retention", "30d");
        return d;
    }

    /** {@code online.poolSize} is {@code GRANARY_ONLINE_POOL_SIZE}. */
    static String environmentName(String key) {
        return "GRANARY_" + key.replace('.', '_').replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    GranaryConfig load() {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        if (readFile && Files.isRegularFile(file)) {
            values.putAll(readYaml(file));
        }
        for (String key : DEFAULTS.keySet()) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                values.put(key, value);
            }
        }
        return build(new Values(values, readFile && Files.isRegularFile(file) ? file.toString() : "the defaults"));
    }

    private Map<String, String> readYaml(Path file) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(null, "Cannot read " + file + ": " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new ConfigException(null, file + " is not valid YAML: " + e.getMessage()
                    + ". Fix the syntax (see docs/operations.md for an example).", e);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root == null) {
            return flat;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(null, file + " must be a YAML mapping of keys (project, registry, online, ...)");
        }
        flatten("", map, flat, file);
        return flat;
    }

    private void flatten(String prefix, Map<?, ?> map, Map<String, String> flat, Path file) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            boolean isSection = DEFAULTS.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
            if (key.equals(SPARK_CONF)) {
                if (!(value instanceof Map<?, ?> properties)) {
                    throw new ConfigException(key, "Key '" + key + "' in " + file + " has the wrong shape: expected a"
                            + " mapping of Spark properties, such as { spark.executor.memory: 4g }");
                }
                properties.forEach((k, v) -> sparkConf.put(String.valueOf(k), String.valueOf(v)));
            } else if (value instanceof Map<?, ?> nested && isSection) {
                flatten(key + ".", nested, flat, file);
            } else if (DEFAULTS.containsKey(key) && !(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
                flat.put(key, value == null ? null : String.valueOf(value));
            } else if (LIST_KEYS.contains(key) && value instanceof List<?> list) {
                // one string, as an environment override gives it: comma-separated
                flat.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
            } else if (DEFAULTS.containsKey(key) || isSection) {
                throw new ConfigException(key, "Key '" + key + "' in " + file + " has the wrong shape: "
                        + (isSection ? "expected a mapping of " + key + ".* keys" : "expected a single value"));
            } else {
                throw new ConfigException(key, "Unknown key '" + key + "' in " + file + ". Known keys: "
                        + String.join(", ", DEFAULTS.keySet()) + ".");
            }
        }
    }

    private GranaryConfig build(Values v) {
        String registryUrl = resolveH2Url(v.required("registry.url"));
        String user = v.optional("registry.user").orElse(registryUrl.startsWith("jdbc:h2:") ? "sa" : null);
        return new GranaryConfig(repoDir,
                v.required("project"),
                new RegistrySettings(registryUrl, user, v.optional("registry.password").map(Secret::new)),
                new OnlineSettings(v.onlineType(), path(v.required("online.path")), v.required("online.url"),
                        v.list("online.nodes"), v.optional("online.password").map(Secret::new), v.bool("online.tls"),
                        v.integer("online.poolSize"), v.integer("online.timeoutMillis"), v.bool("online.floatText")),
                new OfflineSettings(path(v.required("offline.root")), v.required("offline.engine"), engineSettings(v),
                        v.optional("offline.exportRoot").map(this::path)),
                new CatalogSettings(path(v.required("catalog.path"))),
                new ServerSettings(v.integer("server.port"), v.optional("server.onlinePort").isPresent()
                        ? java.util.OptionalInt.of(v.integer("server.onlinePort")) : java.util.OptionalInt.empty(),
                        v.required("server.profile"), v.list("server.allowedOrigins"),
                        v.optional("server.flightPort").isPresent()
                                ? java.util.OptionalInt.of(v.integer("server.flightPort")) : java.util.OptionalInt.empty()),
                new LimitSettings(v.integer("limits.maxBodyBytes"), v.integer("limits.maxEntitiesPerLookup"),
                        v.integer("limits.maxFeaturesPerLookup"), v.integer("limits.maxSearchQueryLength"),
                        v.integer("limits.maxRowsPerPush"), v.integer("limits.futureSkewSeconds")),
                new SecuritySettings(v.bool("security.enabled")),
                new LoggingSettings(v.required("logging.format")),
                new MonitoringSettings(v.optional("monitoring.interval")
                        .map(i -> v.duration("monitoring.interval")), v.duration("monitoring.window"),
                        v.duration("monitoring.retention")));
    }

    /** The chosen engine's block: for {@code spark}, its master (when set) and its Spark properties. */
    private Map<String, Object> engineSettings(Values v) {
        if (!v.required("offline.engine").equals("spark")) {
            return Map.of();
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        v.optional("offline.spark.master").ifPresent(m -> settings.put("master", m));
        settings.put("conf", Map.copyOf(sparkConf));
        return settings;
    }

    private Path path(String value) {
        return repoDir.resolve(value).normalize();
    }

    /** {@code jdbc:h2:file:./x} is relative to the repository folder, not to the process's working directory. */
    private String resolveH2Url(String url) {
        for (String prefix : List.of("jdbc:h2:file:", "jdbc:h2:")) {
            if (url.startsWith(prefix)) {
                String rest = url.substring(prefix.length());
                if (rest.startsWith("./") || rest.startsWith("../")) {
                    int options = rest.indexOf(';');
                    String location = options < 0 ? rest : rest.substring(0, options);
                    String tail = options < 0 ? "" : rest.substring(options);
                    return "jdbc:h2:file:" + path(location) + tail;
                }
                return url;
            }
        }
        return url;
    }

    /** The merged values with typed accessors whose errors name the key and where it came from. */
    private record Values(Map<String, String> values, String origin) {
        String required(String key) {
            String value = values.get(key);
            if (value == null || value.isBlank()) {
                throw new ConfigException(key, "Key '" + key + "' in " + origin + " is empty; give it a value or remove it"
                        + " to use the default");
            }
            return value.trim();
        }

        Optional<String> optional(String key) {
            return Optional.ofNullable(values.get(key)).filter(s -> !s.isBlank());
        }

        List<String> list(String key) {
            return optional(key).map(s -> java.util.Arrays.stream(s.split(",")).map(String::trim)
                    .filter(item -> !item.isEmpty()).toList()).orElse(List.of());
        }

        int integer(String key) {
            String value = required(key);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "Key '" + key + "' (" + origin + " or " + environmentName(key)
                        + ") must be a whole number, got '" + value + "'");
            }
        }

        /** {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT1H}), positive. */
        java.time.Duration duration(String key) {
            String value = required(key);
            try {
                return DurationField.parse(key, value);
            } catch (BadRequestException e) {
                throw new ConfigException(key, "Key '" + key + "' (" + origin + " or " + environmentName(key)
                        + ") must be a positive duration such as 90s, 15m, 1h, 7d or PT1H, got '" + value + "'");
            }
        }

        boolean bool(String key) {
            String value = required(key).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(key, "Key '" + key + "' (" + origin + " or "
                        + environmentName(key) + ") must be true or false, got '" + value + "'");
            };
        }

        OnlineType onlineType() {
            String value = required("online.type");
            try {
                return OnlineType.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("online.type", "Key 'online.type' (" + origin + " or GRANARY_ONLINE_TYPE)"
                        + " must be 'embedded', 'redis' or 'redis-cluster', got '" + value + "'");
            }
        }
    }
}
