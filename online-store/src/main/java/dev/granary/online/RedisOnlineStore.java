package dev.granary.online;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * {@link OnlineStore} on standalone Redis: {@link RedisStore} with one node, a pool of connections to it, and every
 * key in one slot, so a write is its rows in script calls of 64 in batch order and a read is one MGET of every key
 * of every view, both in one pipeline. Layout in {@code docs/online-store.md}.
 */
final class RedisOnlineStore extends RedisStore {
    private final RedisConfig config;
    private final HostAndPort node;
    private final PooledConnectionProvider pool;
    private final String clientName = "granary-online-" + UUID.randomUUID().toString().substring(0, 8);

    RedisOnlineStore(RedisConfig config) {
        super(config.keyPrefix(), config.floatText(), config.socketTimeout());
        this.config = config;
        URI uri = URI.create(config.url());
        this.node = JedisURIHelper.getHostAndPort(uri);
        DefaultJedisClientConfig clientConfig = RedisClients.connection(uri, config.password(), config.tls(),
                config.connectTimeout(), config.socketTimeout(), clientName)
                .database(JedisURIHelper.getDBIndex(uri)).build();
        // connects on first use, so a store opened while Redis is down works once it is up
        this.pool = new PooledConnectionProvider(node, clientConfig,
                RedisClients.pool(config.poolSize(), config.connectTimeout(), config.socketTimeout()));
    }

    /** The name this store's connections carry in CLIENT LIST (tests kill them by it). */
    String clientName() {
        return clientName;
    }

    @Override
    int slot(byte[] key) {
        return 0;
    }

    @Override
    boolean oneSlot() {
        return true;
    }

    @Override
    HostAndPort owner(int slot, String action) {
        return node;
    }

    @Override
    Connection connect(HostAndPort target, List<SlotCommand> commands, String action) {
        if (!node.equals(target)) {
            // only a cluster node redirects
            throw failure(action, "it redirected a command to " + target + ", so it is a Redis Cluster node", null);
        }
        return pool.getConnection();
    }

    @Override
    Collection<HostAndPort> masters(String action) {
        return List.of(node);
    }

    @Override
    void slotsMoved() {
        // one node: nothing to learn
    }

    @Override
    void nodeFailed() {
        // the pool drops the broken connection; the next request connects again
    }

    @Override
    OnlineStoreException failure(String action, String reason, Exception cause) {
        return new OnlineStoreException("Redis online store at " + RedisRows.redact(config.url()) + " failed to "
                + action + ": " + reason + "; check that Redis is up and online.url, password and TLS are right"
                + " (a Redis Cluster needs online.type: redis-cluster)", cause);
    }

    @Override
    public void close() {
        pool.close();
    }
}
