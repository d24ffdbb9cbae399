package dev.granary.serving;

import static dev.granary.registry.db.Tables.FEATURE_USAGE;

import dev.granary.spec.FeatureRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.tools.jdbc.JDBCUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts online lookups per feature (one per entity row served) in memory and adds them to the registry's
 * {@code feature_usage.lookups} every {@code flushSeconds} and on close. Counting costs one {@link LongAdder}
 * increment per feature; a failed flush keeps its counts for the next one.
 *
 * <p>A flush runs on the serving machine, so it is kept small: one batch of {@code lookups = lookups + n} updates
 * (statements built once, bound per feature) and, only for features without a row yet, one batch of upserts, in
 * one transaction. The update is the common case and costs a third of the upsert on H2 (whose upsert is a
 * {@code MERGE ... USING} per row); a flush of 50 upserts every 10 s was a CPU burst of 20-40 ms that lookups on a
 * 2-core machine felt in their tail (docs/benchmarks.md, "online", sessions 6 and 7).
 */
final class LookupCounters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LookupCounters.class);
    /**
     * How often the server flushes: the catalog ranks by these counts and refreshes them every 30 s, so counts
     * older than a minute are rare; a shorter period only adds database work on the serving machine.
     */
    static final long FLUSH_SECONDS = 30;

    private record Key(String project, String view, String feature) {
    }

    private final DSLContext db;
    /** {@code lookups += n} of one feature's row, with named parameters, so it binds the same on every dialect. */
    private final Query add;
    /** The row of a feature counted for the first time ({@code lookups += n} if another flush just made it). */
    private final Query upsert;
    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    LookupCounters(DataSource registryDatabase, long flushSeconds) {
        this.db = DSL.using(registryDatabase, dialectOf(registryDatabase),
                new Settings().withRenderSchema(false).withExecuteLogging(false));
        this.add = db.update(FEATURE_USAGE)
                .set(FEATURE_USAGE.LOOKUPS, FEATURE_USAGE.LOOKUPS.plus(DSL.param("added", SQLDataType.BIGINT)))
                .where(FEATURE_USAGE.PROJECT.eq(DSL.param("project", SQLDataType.VARCHAR)))
                .and(FEATURE_USAGE.VIEW_NAME.eq(DSL.param("view", SQLDataType.VARCHAR)))
                .and(FEATURE_USAGE.FEATURE.eq(DSL.param("feature", SQLDataType.VARCHAR)));
        this.upsert = db.insertInto(FEATURE_USAGE)
                .set(FEATURE_USAGE.PROJECT, DSL.param("project", SQLDataType.VARCHAR))
                .set(FEATURE_USAGE.VIEW_NAME, DSL.param("view", SQLDataType.VARCHAR))
                .set(FEATURE_USAGE.FEATURE, DSL.param("feature", SQLDataType.VARCHAR))
                .set(FEATURE_USAGE.EXPORTS, 0L)
                .set(FEATURE_USAGE.LOOKUPS, DSL.param("lookups", SQLDataType.BIGINT))
                .onConflict(FEATURE_USAGE.PROJECT, FEATURE_USAGE.VIEW_NAME, FEATURE_USAGE.FEATURE)
                .doUpdate().set(FEATURE_USAGE.LOOKUPS, FEATURE_USAGE.LOOKUPS.plus(DSL.param("added", SQLDataType.BIGINT)));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "granary-lookup-counters");
            t.setDaemon(true);
            return t;
        });
        prime();
        timer.scheduleWithFixedDelay(this::flushQuietly, flushSeconds, flushSeconds, TimeUnit.SECONDS);
    }

    /**
     * Runs both of the flush's statements once while the server starts, in a transaction rolled back so it leaves
     * nothing: the first flush in a JVM cost ~120 ms of CPU (class loading, first runs of jOOQ's batch and the
     * driver; ~15 ms for later flushes, measured in a server), which would otherwise land in the middle of serving.
     */
    private void prime() {
        List<Map.Entry<Key, Long>> probe = List.of(Map.entry(new Key("", "", ""), 0L));
        try {
            db.transaction(configuration -> {
                DSLContext tx = DSL.using(configuration);
                bindAll(tx.batch(add), probe).execute();
                bindAll(tx.batch(upsert), probe).execute();
                throw new RolledBack();
            });
        } catch (RolledBack expected) {
            // nothing was kept, as intended
        } catch (RuntimeException e) {
            LOG.debug("priming the lookup-count flush failed (the first flush will be slower): {}", e.toString());
        }
    }

    /** Ends {@link #prime}'s transaction with a rollback. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super(null, null, false, false);
        }
    }

    /** The counters of a plan's features, in the order of its refs (fetch once per plan, then add to them). */
    LongAdder[] counters(String project, List<FeatureRef> refs) {
        LongAdder[] out = new LongAdder[refs.size()];
        for (int i = 0; i < out.length; i++) {
            FeatureRef ref = refs.get(i);
            out[i] = counts.computeIfAbsent(new Key(project, ref.view(), ref.feature()), k -> new LongAdder());
        }
        return out;
    }

    /** Adds the counts gathered since the last flush to {@code feature_usage}, all or none. */
    synchronized void flush() {
        List<Map.Entry<Key, Long>> taken = new ArrayList<>();
        for (Map.Entry<Key, LongAdder> entry : counts.entrySet()) {
            long n = entry.getValue().sumThenReset();
            if (n != 0) {
                taken.add(Map.entry(entry.getKey(), n));
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        try {
            db.transaction(configuration -> {
                DSLContext tx = DSL.using(configuration);
                int[] updated = bindAll(tx.batch(add), taken).execute();
                List<Map.Entry<Key, Long>> firstCounts = new ArrayList<>();
                for (int i = 0; i < taken.size(); i++) {
                    // only a definite 0 means "no row": a driver answering SUCCESS_NO_INFO (-2) did update it, and
                    // upserting that row again would count its lookups twice
                    if (updated[i] == 0) {
                        firstCounts.add(taken.get(i));
                    }
                }
                if (!firstCounts.isEmpty()) {
                    bindAll(tx.batch(upsert), firstCounts).execute();
                }
            });
        } catch (RuntimeException e) {
            taken.forEach(count -> counts.get(count.getKey()).add(count.getValue()));
            throw e;
        }
    }

    private static BatchBindStep bindAll(BatchBindStep batch, List<Map.Entry<Key, Long>> counts) {
        for (Map.Entry<Key, Long> count : counts) {
            Key key = count.getKey();
            batch = batch.bind(Map.of("project", key.project(), "view", key.view(), "feature", key.feature(),
                    "lookups", count.getValue(), "added", count.getValue()));
        }
        return batch;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not record feature lookups in the registry (kept for the next try): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        flushQuietly();
    }

    private static SQLDialect dialectOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            SQLDialect dialect = JDBCUtils.dialect(connection);
            return dialect == SQLDialect.DEFAULT ? SQLDialect.POSTGRES : dialect;
        } catch (SQLException e) {
            throw new dev.granary.error.StorageException("Cannot reach the registry database: " + e.getMessage(), e);
        }
    }
}
