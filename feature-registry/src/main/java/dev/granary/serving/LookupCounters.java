package dev.granary.serving;

import static dev.granary.registry.db.Tables.FEATURE_USAGE;

import dev.granary.error.StorageException;
import dev.granary.registry.RegistrySql;
import dev.granary.spec.FeatureRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts online lookups per feature (one per entity row served) in memory and adds them to the registry's
 * {@code feature_usage.lookups} every {@code flushSeconds} and on close. Counting costs one {@link LongAdder}
 * increment per feature; a failed flush keeps its counts for the next one.
 *
 * <p>A flush runs on the serving machine, so it is kept small: one batch of {@code lookups = lookups + n} updates
 * and, only for features without a row yet, one batch of upserts, in one transaction. jOOQ writes each statement
 * for the database's dialect once, at start, and the flush runs them as plain JDBC batches: binding through jOOQ
 * walked the whole query once per feature, and each flush then set off hundreds of JIT compilations of that code,
 * a burst of CPU that lookups on a 2-core machine felt in their tail (docs/benchmarks.md, "online", session 7).
 * The update is the common case and costs a third of the upsert on H2 (whose upsert is a {@code MERGE} per row).
 */
final class LookupCounters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LookupCounters.class);
    /**
     * How often the server flushes: the catalog ranks by these counts and refreshes them every 30 s, so counts
     * older than a minute are rare; a shorter period only adds database work on the serving machine.
     */
    static final long FLUSH_SECONDS = 30;
    /** Rows of the start-up flush that is rolled back ({@link #prime}): a view's worth of features. */
    private static final int PRIMING_ROWS = 64;

    private record Key(String project, String view, String feature) {
    }

    /**
     * A statement rendered once with named parameters ({@code project view feature lookups added}), bound in
     * the order jOOQ lists them, which is the order it renders them (checked against the SQL at start).
     */
    private record Batch(String sql, List<String> parameters) {
        static Batch of(Query query) {
            List<String> bound = query.getParams().entrySet().stream().filter(p -> !p.getValue().isInline())
                    .map(Map.Entry::getKey).toList();
            Batch batch = new Batch(query.getSQL(ParamType.INDEXED), bound);
            long marks = batch.sql().chars().filter(c -> c == '?').count();
            if (marks != batch.parameters().size()) {
                throw new IllegalStateException("jOOQ rendered " + marks + " parameters for " + batch.parameters()
                        + ": " + batch.sql());
            }
            return batch;
        }

        int[] run(Connection connection, List<Map.Entry<Key, Long>> counts) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (Map.Entry<Key, Long> count : counts) {
                    for (int i = 0; i < parameters.size(); i++) {
                        statement.setObject(i + 1, value(parameters.get(i), count));
                    }
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        }

        private static Object value(String parameter, Map.Entry<Key, Long> count) {
            return switch (parameter) {
                case "project" -> count.getKey().project();
                case "view" -> count.getKey().view();
                case "feature" -> count.getKey().feature();
                case "lookups", "added" -> count.getValue();
                default -> throw new IllegalStateException("no value for parameter " + parameter);
            };
        }
    }

    private final DataSource database;
    /** {@code lookups += n} of one feature's row. */
    private final Batch add;
    /** The row of a feature counted for the first time ({@code lookups += n} if another flush just made it). */
    private final Batch upsert;
    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    LookupCounters(DataSource registryDatabase, long flushSeconds) {
        this.database = registryDatabase;
        DSLContext db = DSL.using(RegistrySql.dialectOf(registryDatabase), new Settings().withRenderSchema(false));
        this.add = Batch.of(db.update(FEATURE_USAGE)
                .set(FEATURE_USAGE.LOOKUPS, FEATURE_USAGE.LOOKUPS.plus(DSL.param("added", SQLDataType.BIGINT)))
                .where(FEATURE_USAGE.PROJECT.eq(DSL.param("project", SQLDataType.VARCHAR)))
                .and(FEATURE_USAGE.VIEW_NAME.eq(DSL.param("view", SQLDataType.VARCHAR)))
                .and(FEATURE_USAGE.FEATURE.eq(DSL.param("feature", SQLDataType.VARCHAR))));
        this.upsert = Batch.of(db.insertInto(FEATURE_USAGE)
                .set(FEATURE_USAGE.PROJECT, DSL.param("project", SQLDataType.VARCHAR))
                .set(FEATURE_USAGE.VIEW_NAME, DSL.param("view", SQLDataType.VARCHAR))
                .set(FEATURE_USAGE.FEATURE, DSL.param("feature", SQLDataType.VARCHAR))
                .set(FEATURE_USAGE.EXPORTS, DSL.inline(0L))
                .set(FEATURE_USAGE.LOOKUPS, DSL.param("lookups", SQLDataType.BIGINT))
                .onConflict(FEATURE_USAGE.PROJECT, FEATURE_USAGE.VIEW_NAME, FEATURE_USAGE.FEATURE)
                .doUpdate().set(FEATURE_USAGE.LOOKUPS,
                        FEATURE_USAGE.LOOKUPS.plus(DSL.param("added", SQLDataType.BIGINT))));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "granary-lookup-counters");
            t.setDaemon(true);
            return t;
        });
        prime();
        timer.scheduleWithFixedDelay(this::flushQuietly, flushSeconds, flushSeconds, TimeUnit.SECONDS);
    }

    /**
     * Runs both statements as a flush of {@value #PRIMING_ROWS} features would, while the server starts, rolled
     * back so it leaves nothing: the first flush in a JVM cost ~120 ms of CPU (class loading, the driver's first
     * runs; later flushes ~15 ms, measured in a server) and set off a few hundred JIT compilations, which would
     * otherwise land in the middle of serving.
     */
    private void prime() {
        List<Map.Entry<Key, Long>> probe = IntStream.range(0, PRIMING_ROWS)
                .mapToObj(i -> Map.entry(new Key("", "", "priming-" + i), 0L)).toList();
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                add.run(connection, probe);
                upsert.run(connection, probe);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.debug("priming the lookup-count flush failed (the first flush will be slower): {}", e.toString());
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

    /**
     * Adds the counts gathered since the last flush to {@code feature_usage}, all or none.
     *
     * @throws StorageException when the database fails (the counts are kept for the next flush)
     */
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
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                write(connection, taken);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            taken.forEach(count -> counts.get(count.getKey()).add(count.getValue()));
            throw new StorageException("The registry database failed to record feature lookups: " + e.getMessage(), e);
        }
    }

    private void write(Connection connection, List<Map.Entry<Key, Long>> taken) throws SQLException {
        int[] updated = add.run(connection, taken);
        List<Map.Entry<Key, Long>> firstCounts = new ArrayList<>();
        for (int i = 0; i < taken.size(); i++) {
            // only a definite 0 means "no row": a driver answering SUCCESS_NO_INFO (-2) did update it, and
            // upserting that row again would count its lookups twice
            if (updated[i] == 0) {
                firstCounts.add(taken.get(i));
            }
        }
        if (!firstCounts.isEmpty()) {
            upsert.run(connection, firstCounts);
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
}
