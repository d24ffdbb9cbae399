package dev.granary.online;

import java.net.URI;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;

/** Builds the pooled Jedis 8 {@link RedisClient} a {@link RedisConfig} describes. */
final class RedisClients {
    private RedisClients() {
    }

    static RedisClient open(RedisConfig config, String clientName) {
        URI uri = URI.create(config.url());
        DefaultJedisClientConfig clientConfig = DefaultJedisClientConfig.builder()
                .user(JedisURIHelper.getUser(uri))
                .password(config.password() != null ? config.password() : JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri))
                .ssl(config.tls() || JedisURIHelper.isRedisSSLScheme(uri))
                .connectionTimeoutMillis(Math.toIntExact(config.connectTimeout().toMillis()))
                .socketTimeoutMillis(Math.toIntExact(config.socketTimeout().toMillis()))
                .clientName(clientName)
                .build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(config.poolSize());
        pool.setMaxIdle(config.poolSize());
        pool.setMinIdle(0);
        // waiting for a free connection is bounded like a connect, so a saturated pool fails instead of hanging
        pool.setMaxWait(config.connectTimeout().plus(config.socketTimeout()));
        return RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri)).clientConfig(clientConfig)
                .poolConfig(pool).build();
    }
}
