package dev.granary.serving;

import dev.granary.config.OnlineSettings;
import dev.granary.config.Secret;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisClusterConfig;
import dev.granary.online.RedisConfig;
import java.time.Duration;

/**
 * Opens the online store {@code granary.yaml} configures ({@code online.*}): embedded on disk, Redis or Redis
 * Cluster.
 */
public final class OnlineStores {
    private OnlineStores() {
    }

    /**
     * The store of {@code online.type}: embedded under {@code online.path}, Redis at {@code online.url} or Redis
     * Cluster at {@code online.nodes}, with the password, TLS, pool size and timeout settings.
     *
     * @throws dev.granary.online.OnlineStoreException when the embedded store cannot be opened (another process
     *                                                 holds it, or the folder is not writable)
     */
    public static OnlineStore open(OnlineSettings online) {
        return switch (online.type()) {
            case EMBEDDED -> OnlineStore.embedded(online.path(), online.floatText());
            case REDIS -> OnlineStore.redis(redisConfig(online));
            case REDIS_CLUSTER -> OnlineStore.redisCluster(redisClusterConfig(online));
        };
    }

    /** The Redis Cluster settings of {@code online.*} ({@code online.nodes} instead of {@code online.url}). */
    public static RedisClusterConfig redisClusterConfig(OnlineSettings online) {
        Duration timeout = Duration.ofMillis(online.timeoutMillis());
        return new RedisClusterConfig(online.nodes(), online.password().map(Secret::reveal).orElse(null),
                online.tls(), online.poolSize(), timeout, timeout, null, online.floatText());
    }

    /** The Redis settings of {@code online.*}. */
    public static RedisConfig redisConfig(OnlineSettings online) {
        Duration timeout = Duration.ofMillis(online.timeoutMillis());
        return new RedisConfig(online.url(), online.password().map(Secret::reveal).orElse(null), online.tls(),
                online.poolSize(), timeout, timeout, null, online.floatText());
    }
}
