package dev.granary.online;

import dev.granary.spec.FeatureViewSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The latest value of every feature of every entity of the online views, for serving.
 *
 * <p><b>Writes</b> are newer-wins per entity-view row: a row is applied only if its event time is strictly newer
 * than the one stored for that entity in that view; an equal or older one is skipped (so repeating, overlapping
 * or out-of-order writes never move a value back in time, and the first value written at a given instant
 * stays). An applied row replaces the features it names and the row's event time; features it does not name keep
 * their values. Each row is written entirely or not at all, even when the process dies mid-batch, and concurrent
 * writers are safe.
 *
 * <p><b>Reads</b> return one {@link ReadRow} per requested key, in input order, each with one {@link FeatureValue}
 * per requested feature in input order (and the stored decimal text of floating values, for printers). Event times
 * are UTC instants at microsecond precision. The status is
 * {@link FeatureStatus#OUTSIDE_MAX_AGE} when the view has a TTL and {@code eventTime + ttl < now} (a value exactly
 * {@code ttl} old is still {@link FeatureStatus#PRESENT}).
 *
 * <p><b>Values</b> are typed by the view's feature types: BOOL {@link Boolean}, INT32 {@link Integer}, INT64
 * {@link Long}, FLOAT32 {@link Float}, FLOAT64 {@link Double}, STRING {@link String}, BYTES {@code byte[]},
 * TIMESTAMP {@link Instant} (microseconds), {@code *_LIST} an unmodifiable {@link List} of those (no null
 * elements). Writes accept any integral number for integer types (range checked), any number for floating types.
 *
 * <p><b>Failures</b>: bad input (unknown feature, wrong value type, key arity, names with {@code : { } *}) throws
 * {@link InvalidOnlineRequestException} before anything is written; an unreachable or failing backend throws
 * {@link OnlineStoreException}. Names: project and view names are {@code [A-Za-z0-9_.-]+}.
 */
public interface OnlineStore extends AutoCloseable {

    /**
     * Writes rows of one view; {@code featureNames} names the features each row's values are for (features or
     * aggregations of {@code view}). Batched and pipelined; returns how many rows were applied and how many were
     * skipped as not newer.
     */
    WriteResult write(String project, FeatureViewSpec view, List<String> featureNames, List<OnlineRow> rows);

    /** Reads features of one view for many entities (one round trip on Redis); see the class contract. */
    default List<ReadRow> read(String project, FeatureViewSpec view, List<String> featureNames,
                                          List<EntityKey> keys, Instant now) {
        return read(project, List.of(new ViewRead(view, featureNames, keys)), now);
    }

    /**
     * Reads features of several views for the same request rows in one round trip: every {@link ViewRead} has
     * one key per request row (same count). Result row {@code i} holds the features of each read in the order of
     * {@code reads}, then of its {@code featureNames}.
     */
    List<ReadRow> read(String project, List<ViewRead> reads, Instant now);

    /** Removes every stored row of one view; returns how many entity rows were removed. */
    long deleteView(String project, String viewName);

    /** Removes every stored row of every view of a project; returns how many entity rows were removed. */
    long deleteProject(String project);

    /** Checks the store answers; throws {@link OnlineStoreException} when it does not (readiness probe). */
    void ping();

    /** Releases connections or files. Idempotent. */
    @Override
    void close();

    /** A Redis online store (standalone Redis; pooled Jedis client). */
    static OnlineStore redis(RedisConfig config) {
        return new RedisOnlineStore(config);
    }

    /**
     * A Redis Cluster online store: the same keys and values as {@link #redis}, batches split by hash slot, one
     * pipeline per master, redirections and failovers followed (see {@code docs/online-store.md}).
     */
    static OnlineStore redisCluster(RedisClusterConfig config) {
        return new RedisClusterOnlineStore(config);
    }

    /** The embedded online store on disk in {@code directory} (created if missing), for one process at a time. */
    static OnlineStore embedded(Path directory) {
        return embedded(directory, true);
    }

    /**
     * As {@link #embedded(Path)}; {@code floatText} false stores FLOAT32/FLOAT64 values without their decimal text
     * (smaller rows; printers then format each value as they read it, see {@link ReadRow}).
     */
    static OnlineStore embedded(Path directory, boolean floatText) {
        return EmbeddedOnlineStore.open(directory, floatText);
    }
}
