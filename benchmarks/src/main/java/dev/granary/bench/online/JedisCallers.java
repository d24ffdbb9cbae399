package dev.granary.bench.online;

import dev.granary.online.RedisScan;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * The raw Jedis baseline of {@code ./bench online}: the same reads as Granary's without Granary, on keys under
 * {@value #PREFIX} (one packed value per entity, {@link #blobKey}, and one hash of the features per entity,
 * {@link #hashKey}), loaded by {@link OnlineBenchData#load} and removed by {@link #clean}.
 */
final class JedisCallers {
    private static final String PREFIX = "granary-bench-online:jedis:";

    private JedisCallers() {
    }

    /** A pooled client with a connection for each of the load generator's connections. */
    static RedisClient client(String url) {
        URI uri = URI.create(url);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(OpenLoop.CONNECTIONS + 2);
        pool.setMaxIdle(OpenLoop.CONNECTIONS + 2);
        return RedisClient.builder().hostAndPort(new HostAndPort(uri.getHost(), uri.getPort()))
                .clientConfig(DefaultJedisClientConfig.builder().build()).poolConfig(pool).build();
    }

    /** Reads one hash of all {@code fields} per entity (HMGET; pipelined for several), Feast's Redis layout. */
    static OpenLoop.Caller hash(RedisClient raw, byte[][] fields, long[][] ids) {
        return i -> {
            long[] batch = ids[i % ids.length];
            if (batch.length == 1) {
                return raw.hmget(hashKey(batch[0]), fields).size() == fields.length;
            }
            try (Pipeline pipeline = raw.pipelined()) {
                List<Response<List<byte[]>>> replies = new ArrayList<>(batch.length);
                for (long id : batch) {
                    replies.add(pipeline.hmget(hashKey(id), fields));
                }
                pipeline.sync();
                return replies.getLast().get().size() == fields.length;
            }
        };
    }

    /** Reads one value per entity as big as Granary's packed row (GET; pipelined for several): Granary's reads. */
    static OpenLoop.Caller get(RedisClient raw, long[][] ids) {
        return i -> {
            long[] batch = ids[i % ids.length];
            if (batch.length == 1) {
                return raw.get(blobKey(batch[0])) != null;
            }
            try (Pipeline pipeline = raw.pipelined()) {
                List<Response<byte[]>> replies = new ArrayList<>(batch.length);
                for (long id : batch) {
                    replies.add(pipeline.get(blobKey(id)));
                }
                pipeline.sync();
                return replies.getLast().get() != null;
            }
        };
    }

    static byte[] hashKey(long id) {
        return (PREFIX + "h:" + id).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] blobKey(long id) {
        return (PREFIX + "b:" + id).getBytes(StandardCharsets.US_ASCII);
    }

    /** Removes every baseline key. */
    static void clean(RedisClient raw) {
        RedisScan.unlinkAll(raw, PREFIX);
    }
}
