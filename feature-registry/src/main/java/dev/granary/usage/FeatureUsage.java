package dev.granary.usage;

import static dev.granary.registry.db.Tables.FEATURE_USAGE;
import static java.util.Objects.requireNonNull;

import dev.granary.registry.RegistrySql;
import dev.granary.spec.FeatureRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The one writer of the registry's {@code feature_usage} table: per feature, how many training sets used it
 * ({@code exports}) and how many entity rows were looked up online ({@code lookups}). The catalog ranks features by
 * these counts.
 *
 * <p>Lookup counts arrive from the serving machine every few seconds, so their write is kept small: one batch of
 * {@code lookups = lookups + n} updates and, only for features without a row yet, one batch of upserts, in one
 * transaction. The update is plain SQL; jOOQ renders the upsert for the database's dialect once, on first use; the
 * writes run both as plain JDBC batches, so a flush neither walks a jOOQ query per feature nor sets off JIT
 * compilation of that code while lookups are served. The update is the common case and costs a third of the upsert on H2 (whose upsert is a
 * {@code MERGE} per row).
 */
public final class FeatureUsage {
    /** Rows of the rolled-back start-up write ({@link #primeLookups()}): a view's worth of features. */
    private static final int PRIMING_ROWS = 64;

    /** Lookups of one feature to add. */
    public record LookupCount(String project, String view, String feature, long lookups) {
        public LookupCount {
            requireNonNull(project, "project is null");
            requireNonNull(view, "view is null");
            requireNonNull(feature, "feature is null");
        }
    }

    /**
     * A statement rendered once with named parameters ({@code project view feature lookups added}), bound in the
     * order jOOQ lists them, which is the order it renders them (checked against the SQL when rendered).
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

        int[] run(Connection connection, List<LookupCount> counts) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (LookupCount count : counts) {
                    for (int i = 0; i < parameters.size(); i++) {
                        statement.setObject(i + 1, value(parameters.get(i), count));
                    }
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        }

        private static Object value(String parameter, LookupCount count) {
            return switch (parameter) {
                case "project" -> count.project();
                case "view" -> count.view();
                case "feature" -> count.feature();
                case "lookups", "added" -> count.lookups();
                default -> throw new IllegalStateException("no value for parameter " + parameter);
            };
        }
    }

    /**
     * {@code lookups += n} of one feature's row: plain SQL that PostgreSQL and H2 read alike, so that a short
     * command's one flush does not pay for jOOQ's first use.
     */
    private static final Batch ADD_LOOKUPS = new Batch("UPDATE feature_usage SET lookups = lookups + ?"
            + " WHERE project = ? AND view_name = ? AND feature = ?", List.of("added", "project", "view", "feature"));

    private final DataSource database;
    /**
     * The row of a feature counted for the first time ({@code lookups += n} if another write just made it),
     * rendered for the database's dialect on first use.
     */
    private volatile Batch insertLookups;

    public FeatureUsage(DataSource registryDatabase) {
        this.database = requireNonNull(registryDatabase, "registryDatabase is null");
    }

    private Batch insertLookups() {
        Batch rendered = insertLookups;
        if (rendered == null) {
            DSLContext db = DSL.using(RegistrySql.dialectOf(database), new Settings().withRenderSchema(false));
            rendered = Batch.of(db.insertInto(FEATURE_USAGE)
                    .set(FEATURE_USAGE.PROJECT, DSL.param("project", SQLDataType.VARCHAR))
                    .set(FEATURE_USAGE.VIEW_NAME, DSL.param("view", SQLDataType.VARCHAR))
                    .set(FEATURE_USAGE.FEATURE, DSL.param("feature", SQLDataType.VARCHAR))
                    .set(FEATURE_USAGE.EXPORTS, DSL.inline(0L))
                    .set(FEATURE_USAGE.LOOKUPS, DSL.param("lookups", SQLDataType.BIGINT))
                    .onConflict(FEATURE_USAGE.PROJECT, FEATURE_USAGE.VIEW_NAME, FEATURE_USAGE.FEATURE)
                    .doUpdate().set(FEATURE_USAGE.LOOKUPS,
                            FEATURE_USAGE.LOOKUPS.plus(DSL.param("added", SQLDataType.BIGINT))));
            insertLookups = rendered;
        }
        return rendered;
    }

    /**
     * Adds one export to each of {@code refs} in {@code project}, inside the caller's transaction {@code tx} (the
     * one that records the training set).
     */
    public void addExport(DSLContext tx, String project, List<FeatureRef> refs) {
        for (FeatureRef ref : refs) {
            tx.insertInto(FEATURE_USAGE)
                    .set(FEATURE_USAGE.PROJECT, project)
                    .set(FEATURE_USAGE.VIEW_NAME, ref.view())
                    .set(FEATURE_USAGE.FEATURE, ref.feature())
                    .set(FEATURE_USAGE.EXPORTS, 1L)
                    .set(FEATURE_USAGE.LOOKUPS, 0L)
                    .onConflict(FEATURE_USAGE.PROJECT, FEATURE_USAGE.VIEW_NAME, FEATURE_USAGE.FEATURE)
                    .doUpdate().set(FEATURE_USAGE.EXPORTS, FEATURE_USAGE.EXPORTS.plus(1L))
                    .execute();
        }
    }

    /**
     * Adds {@code counts} to {@code feature_usage.lookups}, all or none, in one transaction.
     *
     * @throws SQLException when the database fails (nothing is written)
     */
    public void addLookups(List<LookupCount> counts) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                writeLookups(connection, counts);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * Runs both lookup statements as a write of {@value #PRIMING_ROWS} features would, rolled back so it leaves
     * nothing. The first write in a JVM costs ~120 ms of CPU (class loading, the driver's first runs; later ones
     * ~15 ms, measured in a server) and sets off a few hundred JIT compilations: the server primes while it starts,
     * so that cost does not land in the middle of serving.
     *
     * @throws SQLException when the database fails
     */
    public void primeLookups() throws SQLException {
        List<LookupCount> probe = IntStream.range(0, PRIMING_ROWS)
                .mapToObj(i -> new LookupCount("", "", "priming-" + i, 0L)).toList();
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                ADD_LOOKUPS.run(connection, probe);
                insertLookups().run(connection, probe);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    private void writeLookups(Connection connection, List<LookupCount> counts) throws SQLException {
        int[] updated = ADD_LOOKUPS.run(connection, counts);
        List<LookupCount> firstCounts = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            // only a definite 0 means "no row": a driver answering SUCCESS_NO_INFO (-2) did update it, and
            // inserting that row again would count its lookups twice
            if (updated[i] == 0) {
                firstCounts.add(counts.get(i));
            }
        }
        if (!firstCounts.isEmpty()) {
            insertLookups().run(connection, firstCounts);
        }
    }
}
