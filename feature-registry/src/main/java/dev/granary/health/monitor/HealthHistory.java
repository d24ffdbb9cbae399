package dev.granary.health.monitor;

import static dev.granary.registry.db.Tables.HEALTH_HISTORY;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.granary.error.StorageException;
import dev.granary.health.FeatureHealth;
import dev.granary.health.HealthReport;
import dev.granary.health.HealthStatus;
import dev.granary.registry.RegistrySql;
import dev.granary.spec.HealthMeasure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The stored results of scheduled health checks, table {@code health_history} of the registry database: the one
 * class that writes, reads and prunes it. A check is one row per feature at the check's instant (microseconds,
 * what both PostgreSQL and H2 keep). Thread-safe; every method throws {@link StorageException} when the database
 * fails, and a failed {@link #record} stores nothing of the check.
 */
public final class HealthHistory {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final RegistrySql sql;

    public HealthHistory(DataSource registryDatabase) {
        this.sql = new RegistrySql(requireNonNull(registryDatabase, "registryDatabase is null"));
    }

    /** Stores every feature of {@code report}, in one transaction. */
    public void record(HealthReport report) {
        OffsetDateTime at = stored(report.checkedAt());
        List<org.jooq.Query> inserts = new ArrayList<>();
        for (FeatureHealth f : report.features()) {
            double psi = f.value(HealthMeasure.PSI);
            inserts.add(DSL.insertInto(HEALTH_HISTORY)
                    .set(HEALTH_HISTORY.PROJECT, report.project())
                    .set(HEALTH_HISTORY.SERVICE, report.service())
                    .set(HEALTH_HISTORY.CHECKED_AT, at)
                    .set(HEALTH_HISTORY.FEATURE, f.name())
                    .set(HEALTH_HISTORY.CHECK_MODE, report.mode())
                    .set(HEALTH_HISTORY.REFERENCE_WINDOW, clip(report.reference()))
                    .set(HEALTH_HISTORY.CURRENT_WINDOW, clip(report.current()))
                    .set(HEALTH_HISTORY.STATUS, f.status().text())
                    .set(HEALTH_HISTORY.PSI, Double.isFinite(psi) ? psi : null)
                    .set(HEALTH_HISTORY.HEALTH_JSON, write(f)));
        }
        sql.guard("store the health check of feature service " + report.service(), () -> {
            sql.db().transaction(tx -> DSL.using(tx).batch(inserts).execute());
            return null;
        });
    }

    /** When {@code service} of {@code project} was last checked, if ever (within the retention). */
    public Optional<Instant> latest(String project, String service) {
        return sql.guard("read the health history of feature service " + service, () -> Optional.ofNullable(sql.db()
                        .select(DSL.max(HEALTH_HISTORY.CHECKED_AT)).from(HEALTH_HISTORY)
                        .where(HEALTH_HISTORY.PROJECT.eq(project)).and(HEALTH_HISTORY.SERVICE.eq(service))
                        .fetchOne(0, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant));
    }

    /**
     * The newest {@code limit} checks of {@code service} that hold {@code feature} (every check when null), newest
     * first; each with its features worst first, only {@code feature} when given.
     */
    public List<StoredCheck> checks(String project, String service, String feature, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        Condition where = HEALTH_HISTORY.PROJECT.eq(project).and(HEALTH_HISTORY.SERVICE.eq(service));
        Condition of = feature == null ? where : where.and(HEALTH_HISTORY.FEATURE.eq(feature));
        return sql.guard("read the health history of feature service " + service, () -> {
            List<OffsetDateTime> times = sql.db().selectDistinct(HEALTH_HISTORY.CHECKED_AT).from(HEALTH_HISTORY)
                    .where(of).orderBy(HEALTH_HISTORY.CHECKED_AT.desc()).limit(limit)
                    .fetch(HEALTH_HISTORY.CHECKED_AT);
            if (times.isEmpty()) {
                return List.of();
            }
            Map<Instant, List<Record>> byCheck = new LinkedHashMap<>();
            sql.db().selectFrom(HEALTH_HISTORY).where(of)
                    .and(HEALTH_HISTORY.CHECKED_AT.ge(times.get(times.size() - 1)))
                    .orderBy(HEALTH_HISTORY.CHECKED_AT.desc(), HEALTH_HISTORY.FEATURE)
                    .fetch()
                    .forEach(r -> byCheck.computeIfAbsent(r.get(HEALTH_HISTORY.CHECKED_AT).toInstant(),
                            t -> new ArrayList<>()).add(r));
            List<StoredCheck> out = new ArrayList<>();
            byCheck.forEach((at, rows) -> out.add(check(at, rows)));
            return out;
        });
    }

    /** Deletes the checks made before {@code cutoff}; answers how many feature rows went. */
    public int prune(Instant cutoff) {
        return sql.guard("prune the health history", () -> sql.db().deleteFrom(HEALTH_HISTORY)
                .where(HEALTH_HISTORY.CHECKED_AT.lt(stored(cutoff))).execute());
    }

    private static StoredCheck check(Instant at, List<Record> rows) {
        List<Record> sorted = rows.stream().sorted(Comparator
                .comparing((Record r) -> status(r.get(HEALTH_HISTORY.STATUS)), Comparator.reverseOrder())
                .thenComparing(r -> r.get(HEALTH_HISTORY.FEATURE))).toList();
        Record first = sorted.get(0);
        HealthStatus worst = status(first.get(HEALTH_HISTORY.STATUS));
        List<JsonNode> features = sorted.stream().map(r -> read(r.get(HEALTH_HISTORY.HEALTH_JSON))).toList();
        return new StoredCheck(at, first.get(HEALTH_HISTORY.CHECK_MODE), first.get(HEALTH_HISTORY.REFERENCE_WINDOW),
                first.get(HEALTH_HISTORY.CURRENT_WINDOW), worst, features);
    }

    private static HealthStatus status(String text) {
        return HealthStatus.valueOf(text.toUpperCase(Locale.ROOT));
    }

    private static OffsetDateTime stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static String clip(String text) {
        String t = text == null ? "" : text;
        return t.length() <= 500 ? t : t.substring(0, 500);
    }

    private static String write(FeatureHealth health) {
        try {
            return JSON.writeValueAsString(health);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the health of " + health.name() + " cannot be written as JSON", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StorageException("A stored health check is not valid JSON (" + e.getOriginalMessage()
                    + "); the registry database's health_history table was changed outside Granary", e);
        }
    }
}
