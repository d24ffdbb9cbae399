package dev.granary.statistics;

import static dev.granary.registry.db.Tables.FEATURE_STATISTICS;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.granary.error.StorageException;
import dev.granary.offline.stats.FeatureStats;
import dev.granary.registry.RegistrySql;
import dev.granary.registry.db.tables.records.FeatureStatisticsRecord;
import dev.granary.spec.FeatureRef;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code feature_statistics} table: one row per project, view, feature and spec version, holding the
 * statistics as JSON. Saving the same feature and version again replaces the row. Every method throws
 * {@link StorageException} when the database fails.
 */
public final class StatisticsStore {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Tries of a save racing another one over the same features before it fails. */
    private static final int SAVE_ATTEMPTS = 3;

    private final RegistrySql sql;

    public StatisticsStore(DataSource registryDatabase) {
        this.sql = new RegistrySql(requireNonNull(registryDatabase, "registryDatabase is null"));
    }

    /** Stores statistics of one project version in one transaction (all or none). */
    public void save(List<StoredStatistics> rows) {
        sql.guard("store feature statistics", () -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    sql.db().transaction(tx -> replace(tx.dsl(), rows));
                    return null;
                } catch (org.jooq.exception.IntegrityConstraintViolationException e) {
                    // another computation of the same features committed between our delete and insert (a
                    // request racing the statistics after a materialization): replace its rows, newest wins
                    if (attempt == SAVE_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        });
    }

    private static void replace(org.jooq.DSLContext db, List<StoredStatistics> rows) {
        for (StoredStatistics row : rows) {
            FeatureStats s = row.stats();
            db.deleteFrom(FEATURE_STATISTICS)
                    .where(FEATURE_STATISTICS.PROJECT.eq(row.project()))
                    .and(FEATURE_STATISTICS.VIEW_NAME.eq(s.view()))
                    .and(FEATURE_STATISTICS.FEATURE.eq(s.feature()))
                    .and(FEATURE_STATISTICS.SPEC_VERSION.eq(row.specVersion()))
                    .execute();
            db.insertInto(FEATURE_STATISTICS)
                    .set(FEATURE_STATISTICS.PROJECT, row.project())
                    .set(FEATURE_STATISTICS.VIEW_NAME, s.view())
                    .set(FEATURE_STATISTICS.FEATURE, s.feature())
                    .set(FEATURE_STATISTICS.SPEC_VERSION, row.specVersion())
                    .set(FEATURE_STATISTICS.STATS_JSON, write(s))
                    .set(FEATURE_STATISTICS.RANGE_START, utc(row.rangeStart()))
                    .set(FEATURE_STATISTICS.RANGE_END, utc(row.rangeEnd()))
                    .set(FEATURE_STATISTICS.COMPUTED_AT, utc(row.computedAt()))
                    .execute();
        }
    }

    /** The newest statistics of one feature (highest spec version, then latest computed), if any. */
    public Optional<StoredStatistics> latest(String project, String view, String feature) {
        return sql.guard("read feature statistics", () -> sql.db().selectFrom(FEATURE_STATISTICS)
                .where(FEATURE_STATISTICS.PROJECT.eq(project))
                .and(FEATURE_STATISTICS.VIEW_NAME.eq(view))
                .and(FEATURE_STATISTICS.FEATURE.eq(feature))
                .orderBy(FEATURE_STATISTICS.SPEC_VERSION.desc(), FEATURE_STATISTICS.COMPUTED_AT.desc())
                .limit(1)
                .fetchOptional()
                .map(StatisticsStore::toStored));
    }

    /** The newest statistics of every feature of a project that has any, by {@code view:feature}. */
    public Map<FeatureRef, StoredStatistics> latest(String project) {
        return sql.guard("read feature statistics", () -> {
            Map<FeatureRef, StoredStatistics> out = new HashMap<>();
            for (FeatureStatisticsRecord r : sql.db().selectFrom(FEATURE_STATISTICS)
                    .where(FEATURE_STATISTICS.PROJECT.eq(project))
                    .orderBy(FEATURE_STATISTICS.SPEC_VERSION.asc(), FEATURE_STATISTICS.COMPUTED_AT.asc())
                    .fetch()) {
                out.put(new FeatureRef(r.getViewName(), r.getFeature()), toStored(r)); // later rows win
            }
            return out;
        });
    }

    private static StoredStatistics toStored(FeatureStatisticsRecord r) {
        try {
            return new StoredStatistics(r.getProject(), r.getSpecVersion(), r.getRangeStart().toInstant(),
                    r.getRangeEnd().toInstant(), r.getComputedAt().toInstant(),
                    JSON.readValue(r.getStatsJson(), FeatureStats.class));
        } catch (JsonProcessingException e) {
            throw new StorageException("The statistics of " + r.getViewName() + ":" + r.getFeature() + " in project "
                    + r.getProject() + " (version " + r.getSpecVersion() + ") are unreadable: " + e.getOriginalMessage()
                    + "; run 'granary stats' to compute them again", e);
        }
    }

    private static String write(FeatureStats s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("statistics of " + s.view() + ":" + s.feature() + " cannot be written", e);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
