package dev.granary.serving;

import static dev.granary.registry.db.Tables.FEATURE_USAGE;

import dev.granary.spec.FeatureRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.JDBCUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts online lookups per feature (one per entity row served) in memory and adds them to the registry's
 * {@code feature_usage.lookups} every {@code flushSeconds} and on close. Counting costs one {@link LongAdder}
 * increment per feature; a failed flush keeps its counts for the next one.
 */
final class LookupCounters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LookupCounters.class);

    private record Key(String project, String view, String feature) {
    }

    private final DSLContext db;
    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    LookupCounters(DataSource registryDatabase, long flushSeconds) {
        this.db = DSL.using(registryDatabase, dialectOf(registryDatabase),
                new Settings().withRenderSchema(false).withExecuteLogging(false));
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

    /** Adds the counts gathered since the last flush to {@code feature_usage}. */
    synchronized void flush() {
        for (Map.Entry<Key, LongAdder> entry : counts.entrySet()) {
            long n = entry.getValue().sumThenReset();
            if (n == 0) {
                continue;
            }
            Key key = entry.getKey();
            try {
                db.insertInto(FEATURE_USAGE)
                        .set(FEATURE_USAGE.PROJECT, key.project()).set(FEATURE_USAGE.VIEW_NAME, key.view())
                        .set(FEATURE_USAGE.FEATURE, key.feature()).set(FEATURE_USAGE.EXPORTS, 0L)
                        .set(FEATURE_USAGE.LOOKUPS, n)
                        .onConflict(FEATURE_USAGE.PROJECT, FEATURE_USAGE.VIEW_NAME, FEATURE_USAGE.FEATURE)
                        .doUpdate().set(FEATURE_USAGE.LOOKUPS, FEATURE_USAGE.LOOKUPS.plus(n))
                        .execute();
            } catch (RuntimeException e) {
                entry.getValue().add(n);
                throw e;
            }
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
