package dev.granary.bench.online;

import dev.granary.online.EntityKey;
import dev.granary.online.OnlineRow;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisConfig;
import dev.granary.online.RedisScan;
import dev.granary.online.WriteResult;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

/**
 * {@code ./bench materialize [--quick]}: writes N entities x 50 features (30 FLOAT64, 15 INT64, 5 STRING) into
 * Redis through {@link OnlineStore#write} (newer-wins script, pipelined) and, in the same run on the same rows, as
 * a raw Jedis pipelined HSET per entity (no newer-wins check), single-threaded both; for information also a raw
 * pipelined SET of one packed value per row (Granary's layout without the script). Row generation is not timed;
 * encoding is (each path turns the same Java rows into bytes). Last line:
 * {@code RESULT materialize rows_per_s=<> jedis_rows_per_s=<> ratio=<>}. Redis from {@code GRANARY_BENCH_REDIS_URL}
 * (default {@code redis://127.0.0.1:6379}); keys under a bench prefix removed before and after.
 */
public final class MaterializeBenchmark {
    private static final int FEATURES = 50;
    private static final int BATCH = 10_000;
    private static final int RAW_SYNC_EVERY = 1_000;
    private static final String PREFIX = "granary-bench-materialize:";
    private static final Instant BASE = Instant.parse("2026-11-20T00:00:00Z");

    private MaterializeBenchmark() {
    }

    public static void main(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        int entities = quick ? 50_000 : 1_000_000;
        String url = System.getenv().getOrDefault("GRANARY_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
        FeatureViewSpec view = view();
        List<String> names = view.featureNames();

        try (OnlineStore store = OnlineStore.redis(RedisConfig.of(url).withKeyPrefix(PREFIX));
             RedisClient raw = RedisClient.create(url);
             SharedRedisKeys written = SharedRedisKeys.removedAtExit(() -> {
                 try (RedisClient cleaner = RedisClient.create(url)) {
                     clean(cleaner);
                 }
             }, store, raw)) {
            clean(raw);
            // warm-up of both paths (JIT, script cache, connections), then clean
            granary(store, view, names, 0, 20_000);
            jedis(raw, names, 0, 20_000);
            jedisSet(raw, 0, 20_000);
            clean(raw);

            System.out.printf(Locale.ROOT,
                    "materialize: %,d entities x %d features into %s%n", entities, FEATURES, url);
            double granarySeconds = granary(store, view, names, 0, entities);
            clean(raw);
            double jedisSeconds = jedis(raw, names, 0, entities);
            clean(raw);

            double granaryRate = entities / granarySeconds;
            double jedisRate = entities / jedisSeconds;
            double setSeconds = jedisSet(raw, 0, entities);
            clean(raw);

            System.out.printf(Locale.ROOT,
                    "granary OnlineStore.write (newer-wins script): %,.0f rows/s (%.2f s)%n", granaryRate, granarySeconds);
            System.out.printf(Locale.ROOT,
                    "raw Jedis pipelined HSET:                     %,.0f rows/s (%.2f s)%n", jedisRate, jedisSeconds);
            System.out.printf(Locale.ROOT,
                    "raw Jedis pipelined SET, one packed value per row (no newer-wins): %,.0f rows/s (%.2f s)%n",
                    entities / setSeconds, setSeconds);
            System.out.printf(Locale.ROOT, "RESULT materialize rows_per_s=%.0f jedis_rows_per_s=%.0f ratio=%.2f%n",
                    granaryRate, jedisRate, granaryRate / jedisRate);
        }
    }

    private static FeatureViewSpec view() {
        List<FeatureSpec> features = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            ValueType type = f < 30 ? ValueType.FLOAT64 : f < 45 ? ValueType.INT64 : ValueType.STRING;
            features.add(new FeatureSpec("feature_" + f, type));
        }
        return new FeatureViewSpec("bench_view", List.of("driver"), "bench", 0, true, features, List.of(), null, null, null);
    }

    /** The rows of entities [from, to): the same for both paths. */
    private static List<OnlineRow> rows(int from, int to) {
        List<OnlineRow> rows = new ArrayList<>(to - from);
        for (int e = from; e < to; e++) {
            SplittableRandom random = new SplittableRandom(e);
            List<Object> values = new ArrayList<>(FEATURES);
            for (int f = 0; f < FEATURES; f++) {
                values.add(f < 30 ? (Object) random.nextDouble() : f < 45 ? (Object) random.nextLong(1_000_000)
                        : "category_" + random.nextInt(100));
            }
            rows.add(new OnlineRow(EntityKey.of((long) e), BASE.plusSeconds(e % 86_400), values));
        }
        return rows;
    }

    private static double granary(OnlineStore store, FeatureViewSpec view, List<String> names, int from, int to) {
        long nanos = 0;
        long applied = 0;
        for (int start = from; start < to; start += BATCH) {
            List<OnlineRow> batch = rows(start, Math.min(to, start + BATCH));
            long t = System.nanoTime();
            WriteResult result = store.write("bench", view, names, batch);
            nanos += System.nanoTime() - t;
            applied += result.applied();
        }
        if (applied != to - from) {
            throw new IllegalStateException("expected " + (to - from) + " rows applied, got " + applied);
        }
        return nanos / 1e9;
    }

    /** What a hand-written loader does: one HSET per entity, field = feature name, value = 8-byte number or UTF-8. */
    private static double jedis(RedisClient raw, List<String> names, int from, int to) {
        byte[][] fields = names.stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        byte[] ts = "_ts".getBytes(StandardCharsets.UTF_8);
        long nanos = 0;
        for (int start = from; start < to; start += BATCH) {
            List<OnlineRow> batch = rows(start, Math.min(to, start + BATCH));
            long t = System.nanoTime();
            try (Pipeline pipeline = raw.pipelined()) {
                for (int i = 0; i < batch.size(); i++) {
                    OnlineRow row = batch.get(i);
                    Map<byte[], byte[]> hash = new HashMap<>(FEATURES * 2);
                    for (int f = 0; f < FEATURES; f++) {
                        hash.put(fields[f], bytes(row.values().get(f)));
                    }
                    hash.put(ts, Long.toString(row.eventTime().toEpochMilli()).getBytes(StandardCharsets.US_ASCII));
                    pipeline.hset((PREFIX + "raw:" + row.key().values().get(0)).getBytes(StandardCharsets.UTF_8), hash);
                    if (i % RAW_SYNC_EVERY == RAW_SYNC_EVERY - 1) {
                        pipeline.sync();
                    }
                }
                pipeline.sync();
            }
            nanos += System.nanoTime() - t;
        }
        return nanos / 1e9;
    }

    /** The script-free floor for Granary's layout: one SET per row of its values packed back to back. */
    private static double jedisSet(RedisClient raw, int from, int to) {
        long nanos = 0;
        for (int start = from; start < to; start += BATCH) {
            List<OnlineRow> batch = rows(start, Math.min(to, start + BATCH));
            long t = System.nanoTime();
            try (Pipeline pipeline = raw.pipelined()) {
                for (int i = 0; i < batch.size(); i++) {
                    OnlineRow row = batch.get(i);
                    ByteArrayOutputStream packed = new ByteArrayOutputStream(600);
                    packed.writeBytes(Long.toString(row.eventTime().toEpochMilli()).getBytes(StandardCharsets.US_ASCII));
                    for (Object value : row.values()) {
                        byte[] b = bytes(value);
                        packed.write(b.length);
                        packed.writeBytes(b);
                    }
                    pipeline.set((PREFIX + "set:" + row.key().values().get(0)).getBytes(StandardCharsets.UTF_8),
                            packed.toByteArray());
                    if (i % RAW_SYNC_EVERY == RAW_SYNC_EVERY - 1) {
                        pipeline.sync();
                    }
                }
                pipeline.sync();
            }
            nanos += System.nanoTime() - t;
        }
        return nanos / 1e9;
    }

    private static byte[] bytes(Object v) {
        return switch (v) {
            case Double d -> ByteBuffer.allocate(8).putDouble(d).array();
            case Long l -> ByteBuffer.allocate(8).putLong(l).array();
            default -> v.toString().getBytes(StandardCharsets.UTF_8);
        };
    }

    private static void clean(RedisClient raw) {
        RedisScan.unlinkAll(raw, PREFIX);
    }
}
