package dev.granary.online;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of the Redis online store (bound from {@code online:} in {@code granary.yaml}).
 *
 * @param url            {@code redis://host:port[/db]} or {@code rediss://...} (TLS); a password in the URL is used
 *                       when {@code password} is null
 * @param password       the Redis password (secret; never logged), or null
 * @param tls            use TLS even for a {@code redis://} URL
 * @param poolSize       most connections held open (each concurrent read or write batch takes one)
 * @param connectTimeout how long to wait to connect
 * @param socketTimeout  how long to wait for a reply
 * @param keyPrefix      prefix of every key this store writes, so several deployments can share one Redis
 * @param floatText      store each FLOAT32/FLOAT64 with its decimal text (faster printing, about 18 more bytes per
 *                       value; see {@link ReadRow}); false stores the bits only
 */
public record RedisConfig(String url, String password, boolean tls, int poolSize, Duration connectTimeout,
                          Duration socketTimeout, String keyPrefix, boolean floatText) {
    public RedisConfig {
        requireNonNull(url, "url is null");
        URI uri = URI.create(url);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("online.url '" + url + "' must start with redis:// or rediss://");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("online.poolSize is " + poolSize + "; it must be at least 1");
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        socketTimeout = socketTimeout == null ? Duration.ofSeconds(2) : socketTimeout;
        keyPrefix = keyPrefix == null ? "granary:" : keyPrefix;
    }

    /**
     * Defaults: no password, TLS as the URL says, 16 connections, 2 s timeouts, prefix {@code granary:}, floating
     * values stored with their text.
     */
    public static RedisConfig of(String url) {
        return new RedisConfig(url, null, false, 16, null, null, null, true);
    }

    public RedisConfig withKeyPrefix(String prefix) {
        return new RedisConfig(url, password, tls, poolSize, connectTimeout, socketTimeout, prefix, floatText);
    }

    public RedisConfig withFloatText(boolean keep) {
        return new RedisConfig(url, password, tls, poolSize, connectTimeout, socketTimeout, keyPrefix, keep);
    }

    @Override
    public String toString() {
        return "RedisConfig[url=" + url + ", password=" + (password == null ? "none" : "***") + ", tls=" + tls
                + ", poolSize=" + poolSize + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout
                + ", keyPrefix=" + keyPrefix + ", floatText=" + floatText + "]";
    }
}
