package dev.granary.config;

import static java.util.Objects.requireNonNull;

import dev.granary.error.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
