package dev.granary.serving;

import dev.granary.config.GranaryConfig;
import dev.granary.config.Secret;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisConfig;
import java.time.Duration;

/** Opens the online store {@code granary.yaml} configures ({@code online.*}): embedded on disk or Redis. */
public final class OnlineStores {
    private OnlineStores() {
    }

    /**
     * The store of {@code online.type}: embedded under {@code online.path}, or Redis at {@code online.url} with the
     * password, TLS, pool size and timeout settings.
     *
     * @throws dev.granary.online.OnlineStoreException when the embedded store cannot be opened (another process
     *                                                 holds it, or the folder is not writable)
     */
    public static OnlineStore open(GranaryConfig.OnlineSettings online) {
        return switch (online.type()) {
            case EMBEDDED -> OnlineStore.embedded(online.path(), online.floatText());
            case REDIS -> OnlineStore.redis(redisConfig(online));
        };
    }

    /** The Redis settings of {@code online.*}. */
    public static RedisConfig redisConfig(GranaryConfig.OnlineSettings online) {
        Duration timeout = Duration.ofMillis(online.timeoutMillis());
        return new RedisConfig(online.url(), online.password().map(Secret::reveal).orElse(null), online.tls(),
                online.poolSize(), timeout, timeout, null, online.floatText());
    }
}
