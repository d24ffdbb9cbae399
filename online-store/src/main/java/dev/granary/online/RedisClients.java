package dev.granary.online;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The Jedis connection settings and pool both the single-node and the cluster store use.
 */
final class RedisClients {
    private RedisClients() {
    }

    /**
     * Connection settings: user and password from {@code uri} unless {@code password} is given, TLS when asked or
     * when {@code uri} is {@code rediss://}, bounded connect and read times, and a name for CLIENT LIST.
     */
    static DefaultJedisClientConfig.Builder connection(URI uri, String password, boolean tls, Duration connectTimeout,
                                                       Duration socketTimeout, String clientName) {
        return DefaultJedisClientConfig.builder()
                .user(JedisURIHelper.getUser(uri))
                .password(password != null ? password : JedisURIHelper.getPassword(uri))
                .ssl(tls || JedisURIHelper.isRedisSSLScheme(uri))
                .connectionTimeoutMillis(Math.toIntExact(connectTimeout.toMillis()))
                .socketTimeoutMillis(Math.toIntExact(socketTimeout.toMillis()))
                .clientName(clientName);
    }

    /** A pool of up to {@code size} connections, none kept idle by force. */
    static ConnectionPoolConfig pool(int size, Duration connectTimeout, Duration socketTimeout) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(size);
        pool.setMaxIdle(size);
        pool.setMinIdle(0);
        // waiting for a free connection is bounded like a connect, so a saturated pool fails instead of hanging
        pool.setMaxWait(connectTimeout.plus(socketTimeout));
        return pool;
    }
}
