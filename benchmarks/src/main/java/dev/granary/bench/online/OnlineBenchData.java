package dev.granary.bench.online;

import dev.granary.offline.ParquetTables;
import dev.granary.online.EntityKey;
import dev.granary.online.OnlineRow;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisScan;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

/**
 * The data of {@code ./bench online}: a spec with one view of {@value #FEATURES} FLOAT64 features keyed by
 * {@code user_id}, applied to the server, and N entities of random values loaded into Granary's store and, for the
 * raw Jedis baseline, into the same-sized keys {@link JedisCallers} reads.
 */
final class OnlineBenchData {
    static final int FEATURES = 50;
    static final String VIEW = "user_stats";
    private static final int LOAD_BATCH = 10_000;

    private OnlineBenchData() {
    }

    static RepoSpec spec(String project) {
        List<FeatureSpec> features = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            features.add(new FeatureSpec(String.format(Locale.ROOT, "f%02d", f), ValueType.FLOAT64));
        }
        return new RepoSpec(project,
                List.of(new EntitySpec("user", List.of(new JoinKey("user_id", ValueType.INT64)), "")),
                List.of(new SourceSpec("users", "data/users.parquet", "event_timestamp", null)),
                List.of(new FeatureViewSpec(VIEW, List.of("user"), "users", 0, true, features, List.of(), "", null, "")),
                List.of());
    }

    /** One source row, so the spec's source checks pass; the benchmark's data goes straight to the stores. */
    static void writeSource(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        List<ParquetTables.Column> columns = new ArrayList<>();
        columns.add(new ParquetTables.Column("user_id", ValueType.INT64));
        columns.add(new ParquetTables.Column("event_timestamp", ValueType.TIMESTAMP));
        Object[] row = new Object[2 + FEATURES];
        row[0] = 1L;
        row[1] = Instant.now();
        for (int f = 0; f < FEATURES; f++) {
            columns.add(new ParquetTables.Column(String.format(Locale.ROOT, "f%02d", f), ValueType.FLOAT64));
            row[2 + f] = 0.5;
        }
        ParquetTables.write(file, columns, List.<Object[]>of(row));
    }

    /** Applies {@code spec} through the server's REST API; fails unless it answers 200. */
    static void apply(int port, RepoSpec spec) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/apply?author=bench"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SpecJson.write(spec))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("apply failed: " + response.body());
            }
        }
    }

    /**
     * Entities 1..N with the same values into Granary's store (OnlineStore.write), then for the raw Jedis reads: one
     * random value per entity as long as Granary's stored row, and one hash of the features per entity.
     */
    static void load(OnlineStore store, RedisClient raw, String project, FeatureViewSpec view, int entities) {
        SplittableRandom random = new SplittableRandom(7);
        Instant time = Instant.now().minusSeconds(60);
        byte[][] fields = fields(view);
        int blobSize = -1;
        for (int from = 1; from <= entities; from += LOAD_BATCH) {
            int to = Math.min(entities, from + LOAD_BATCH - 1);
            List<OnlineRow> rows = new ArrayList<>(to - from + 1);
            List<Map<byte[], byte[]>> hashes = new ArrayList<>(to - from + 1);
            for (long id = from; id <= to; id++) {
                List<Object> values = new ArrayList<>(FEATURES);
                Map<byte[], byte[]> hash = new LinkedHashMap<>();
                for (int f = 0; f < FEATURES; f++) {
                    double value = random.nextDouble();
                    values.add(value);
                    hash.put(fields[f], ByteBuffer.allocate(8).putDouble(value).array());
                }
                rows.add(new OnlineRow(EntityKey.of(id), time, values));
                hashes.add(hash);
            }
            store.write(project, view, view.featureNames(), rows);
            if (blobSize < 0) {
                blobSize = granaryValueSize(raw, project);
                System.out.printf(Locale.ROOT,
                        "Granary stores one row of %d features in %d bytes%n", FEATURES, blobSize);
            }
            try (Pipeline pipeline = raw.pipelined()) {
                for (int r = 0; r < hashes.size(); r++) {
                    long id = from + r;
                    byte[] blob = new byte[blobSize];
                    random.nextBytes(blob);
                    pipeline.set(JedisCallers.blobKey(id), blob);
                    pipeline.hset(JedisCallers.hashKey(id), hashes.get(r));
                }
                pipeline.sync();
            }
        }
    }

    /** The view's feature names as UTF-8, the hash fields of the raw baseline. */
    static byte[][] fields(FeatureViewSpec view) {
        return view.featureNames().stream().map(f -> f.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /** The size of one of Granary's stored rows (its keys start with the default prefix and the project). */
    private static int granaryValueSize(RedisClient raw, String project) {
        byte[] key = RedisScan.firstKey(raw, "granary:" + project + ":*").orElseThrow(
                () -> new IllegalStateException("no Granary key found for project " + project));
        return Math.toIntExact(raw.strlen(key));
    }
}
