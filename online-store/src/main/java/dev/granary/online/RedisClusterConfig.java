package dev.granary.online;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the Redis Cluster online store (bound from {@code online:} with {@code type: redis-cluster} in
 * {@code granary.yaml}).
 *
 * @param nodes          seed nodes, {@code redis://host:port} or {@code rediss://...} (TLS); any reachable one is
 *                       enough to learn the whole cluster, several survive one being down; a password in the first
 *                       URL is used when {@code password} is null
 * @param password       the Redis password (secret; never logged), or null
 * @param tls            use TLS even for {@code redis://} URLs
 * @param poolSize       most connections held open to each node
 * @param connectTimeout how long to wait to connect
 * @param socketTimeout  how long to wait for a reply
 * @param keyPrefix      prefix of every key this store writes
 * @param floatText      store each FLOAT32/FLOAT64 with its decimal text (see {@link RedisConfig#floatText})
 */
public record RedisClusterConfig(List<String> nodes, String password, boolean tls, int poolSize,
                                 Duration connectTimeout, Duration socketTimeout, String keyPrefix,
                                 boolean floatText) {
    public RedisClusterConfig {
        nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("online.nodes is empty; list at least one cluster node as"
                    + " redis://host:port");
        }
        for (String node : nodes) {
            URI uri = URI.create(node);
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getPort() < 0) {
                throw new IllegalArgumentException("online.nodes entry '" + RedisRows.redact(node)
                        + "' must be redis://host:port or rediss://host:port");
            }
            if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")
                    && !uri.getPath().equals("/0")) {
                throw new IllegalArgumentException("online.nodes entry '" + RedisRows.redact(node)
                        + "' names a database; Redis Cluster has only database 0, remove the /"
                        + uri.getPath().substring(1));
            }
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("online.poolSize is " + poolSize + "; it must be at least 1");
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        socketTimeout = socketTimeout == null ? Duration.ofSeconds(2) : socketTimeout;
        keyPrefix = keyPrefix == null ? "granary:" : keyPrefix;
    }

    /** Defaults as {@link RedisConfig#of}: no password, 16 connections per node, 2 s timeouts, prefix {@code granary:}. */
    public static RedisClusterConfig of(List<String> nodes) {
        return new RedisClusterConfig(nodes, null, false, 16, null, null, null, true);
    }

    public RedisClusterConfig withKeyPrefix(String prefix) {
        return new RedisClusterConfig(nodes, password, tls, poolSize, connectTimeout, socketTimeout, prefix, floatText);
    }

    public RedisClusterConfig withFloatText(boolean keep) {
        return new RedisClusterConfig(nodes, password, tls, poolSize, connectTimeout, socketTimeout, keyPrefix, keep);
    }

    public RedisClusterConfig withTimeouts(Duration connect, Duration socket) {
        return new RedisClusterConfig(nodes, password, tls, poolSize, connect, socket, keyPrefix, floatText);
    }

    /** The nodes with any user and password removed, for messages. */
    String redactedNodes() {
        return nodes.stream().map(RedisRows::redact).toList().toString();
    }

    @Override
    public String toString() {
        return "RedisClusterConfig[nodes=" + redactedNodes() + ", password=" + (password == null ? "none" : "***")
                + ", tls=" + tls + ", poolSize=" + poolSize + ", connectTimeout=" + connectTimeout
                + ", socketTimeout=" + socketTimeout + ", keyPrefix=" + keyPrefix + ", floatText=" + floatText + "]";
    }
}
