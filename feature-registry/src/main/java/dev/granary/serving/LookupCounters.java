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
 * <p>A flush is one upsert statement, built once and bound once per feature, sent as one batch in one
 * transaction: it runs on the serving machine, and 50 statements rendered one by one every flush cost a burst of
 * CPU that lookups on a 2-core machine felt in their tail (docs/benchmarks.md, "online", session 6).
 */
final class LookupCounters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LookupCounters.class);

    private record Key(String project, String view, String feature) {
    }

    private final DSLContext db;
    /** {@code feature_usage += n} for one feature, with named parameters, so it binds the same on every dialect. */
    private final Query upsert;
    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    LookupCounters(DataSource registryDatabase, long flushSeconds) {
        this.db = DSL.using(registryDatabase, dialectOf(registryDatabase),
                new Settings().withRenderSchema(false).withExecuteLogging(false));
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
        timer.scheduleWithFixedDelay(this::flushQuietly, flushSeconds, flushSeconds, TimeUnit.SECONDS);
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
                BatchBindStep batch = DSL.using(configuration).batch(upsert);
                for (Map.Entry<Key, Long> count : taken) {
                    Key key = count.getKey();
                    batch = batch.bind(Map.of("project", key.project(), "view", key.view(),
                            "feature", key.feature(), "lookups", count.getValue(), "added", count.getValue()));
                }
                batch.execute();
            });
        } catch (RuntimeException e) {
            taken.forEach(count -> counts.get(count.getKey()).add(count.getValue()));
            throw e;
        }
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
