package dev.granary.online;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * {@link OnlineStore} on Redis Cluster: {@link RedisStore} with the cluster's slot table, since a cluster refuses a
 * command or script whose keys lie in more than one slot. The topology (which master serves which slot) and a
 * connection pool per node come from Jedis's cluster connection provider, the part of {@code RedisClusterClient}
 * that knows the slots; a lookup of 100 entities is one pipeline per master, the masters at the same time, and a
 * write one script call per master for every 64 of its rows.
 *
 * <p>An unreachable node (a master that died and is not yet replaced) fails the request with
 * {@link OnlineStoreException} and refreshes the topology, so requests after the cluster's failover go to the
 * promoted replica; a request is never answered from a node that does not own the slot, so never with a stale or
 * partial value.
 */
final class RedisClusterOnlineStore extends RedisStore {
    private final RedisClusterConfig config;
    private final String clientName = "granary-online-" + UUID.randomUUID().toString().substring(0, 8);
    private final Object opening = new Object();
    private volatile ClusterConnectionProvider provider;

    RedisClusterOnlineStore(RedisClusterConfig config) {
        super(config.keyPrefix(), config.floatText(), config.socketTimeout());
        this.config = config;
    }

    /** The name this store's connections carry in CLIENT LIST. */
    String clientName() {
        return clientName;
    }

    @Override
    int slot(byte[] key) {
        return JedisClusterCRC16.getSlot(key);
    }

    @Override
    boolean oneSlot() {
        return false;
    }

    /**
     * The master of each slot as this store last looked it up, so a lookup of 100 entities does not take the
     * provider's topology lock 100 times. Dropped whenever a request learns the topology changed (MOVED, a node
     * failing); an entry the provider's background refresh has since changed costs one redirection, never a wrong
     * answer: a node answers only for the slots it serves.
     */
    private volatile HostAndPort[] owners = new HostAndPort[Protocol.CLUSTER_HASHSLOTS];

    @Override
    HostAndPort owner(int slot, String action) {
        HostAndPort[] known = owners;
        HostAndPort node = known[slot];
        if (node == null) {
            // racing threads may look the same slot up twice: the same answer, and HostAndPort is immutable
            node = provider(action).getNode(slot);
            known[slot] = node;
        }
        return node;
    }

    /**
     * Through a slot of the known topology when a command of the group was routed by it (Jedis looks a slot's pool
     * up under a shared read lock; looking a pool up by address takes its exclusive lock, which every concurrent
     * request would queue on), by address for redirected commands, SCAN and PING.
     */
    @Override
    Connection connect(HostAndPort node, List<SlotCommand> commands, String action) {
        ClusterConnectionProvider nodes = provider(action);
        for (SlotCommand command : commands) {
            if (command.redirectedTo == null) {
                Connection connection = nodes.getConnectionFromSlot(command.slot);
                if (node.equals(connection.getHostAndPort())) {
                    return connection;
                }
                // the topology changed since the commands were grouped: the address decides
                connection.close();
                break;
            }
        }
        return nodes.getConnection(node);
    }

    @Override
    Collection<HostAndPort> masters(String action) {
        Set<HostAndPort> masters = new HashSet<>();
        for (String node : provider(action).getPrimaryNodes().keySet()) {
            masters.add(HostAndPort.from(node));
        }
        return masters;
    }

    @Override
    void slotsMoved() {
        nodeFailed();
    }

    @Override
    void nodeFailed() {
        ClusterConnectionProvider nodes = provider;
        if (nodes == null) {
            return;
        }
        try {
            nodes.renewSlotCache();
        } catch (JedisException ignored) {
            // no node answered; the next request tries again
        } finally {
            owners = new HostAndPort[Protocol.CLUSTER_HASHSLOTS];
        }
    }

    @Override
    OnlineStoreException failure(String action, String reason, Exception cause) {
        return new OnlineStoreException("Redis Cluster at " + config.redactedNodes() + " failed to " + action + ": "
                + reason + "; check that the cluster is up (a failover takes a few seconds) and that online.nodes,"
                + " password and TLS are right", cause);
    }

    @Override
    public void close() {
        synchronized (opening) {
            if (provider != null) {
                provider.close();
            }
        }
    }

    /**
     * The topology and pools, learnt on first use: a store opened while the cluster is down works once it is up
     * (as the standalone store, whose pool connects on first use).
     */
    private ClusterConnectionProvider provider(String action) {
        ClusterConnectionProvider current = provider;
        if (current != null) {
            return current;
        }
        synchronized (opening) {
            if (provider == null) {
                try {
                    provider = open();
                } catch (JedisException e) {
                    throw failure(action, e.getMessage(), e);
                }
            }
            return provider;
        }
    }

    private ClusterConnectionProvider open() {
        URI first = URI.create(config.nodes().get(0));
        boolean tls = config.tls();
        Set<HostAndPort> seeds = new HashSet<>();
        for (String node : config.nodes()) {
            URI uri = URI.create(node);
            tls |= JedisURIHelper.isRedisSSLScheme(uri);
            seeds.add(new HostAndPort(uri.getHost(), uri.getPort()));
        }
        DefaultJedisClientConfig clientConfig = RedisClients.connection(first, config.password(), tls,
                config.connectTimeout(), config.socketTimeout(), clientName).build();
        ConnectionPoolConfig pool = RedisClients.pool(config.poolSize(), config.connectTimeout(),
                config.socketTimeout());
        // a periodic refresh as well as the one after a failed request: a resharded or failed-over cluster is
        // learnt even by a store that sees no errors
        return new ClusterConnectionProvider(seeds, clientConfig, pool, Duration.ofSeconds(5));
    }
}
