package dev.granary.security;

import static dev.granary.registry.db.Tables.AUDIT;
import static java.util.Objects.requireNonNull;

import dev.granary.registry.RegistrySql;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's append-only {@code audit} table: applies, rollbacks, materializations, exports, token changes,
 * grants and every denied call, with who (the token's name and id, or what the call claimed when security is
 * off), what, when and the result. Rows are only inserted. A failure to write a row is logged and does not fail
 * the call it records, except that the log says so loudly.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_DETAIL = 2000;

    /** One row. */
    public record Entry(long id, Instant at, String actor, String project, String action, String target,
                        String result, String detail) {
        public Entry {
            requireNonNull(at, "at is null");
            requireNonNull(actor, "actor is null");
            requireNonNull(action, "action is null");
            requireNonNull(result, "result is null");
        }
    }

    private final RegistrySql sql;
    private final Clock clock;

    public AuditLog(DataSource registryDatabase) {
        this.sql = new RegistrySql(requireNonNull(registryDatabase, "registryDatabase is null"));
        this.clock = Clock.systemUTC();
    }

    /** The actor of a row: the token as {@code name (id)}, else {@code claimed} (security off, local commands). */
    public static String actor(Caller caller, String claimed) {
        return caller == null ? claimed : caller.token().map(t -> t.name() + " (" + t.id() + ")").orElse(claimed);
    }

    /** Records an action that happened (or failed: {@code result} says). */
    public void record(String actor, String project, String action, String target, String result, String detail) {
        try {
            sql.guard("record an audit entry", () -> sql.db().insertInto(AUDIT)
                    .set(AUDIT.AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .set(AUDIT.ACTOR, cut(actor == null ? "unknown" : actor, 200))
                    .set(AUDIT.PROJECT, project == null ? null : cut(project, 200))
                    .set(AUDIT.ACTION, cut(action, 64))
                    .set(AUDIT.TARGET, target == null ? null : cut(target, 1000))
                    .set(AUDIT.RESULT, cut(result, 32))
                    .set(AUDIT.DETAIL, detail == null ? null : cut(detail, MAX_DETAIL))
                    .execute());
        } catch (RuntimeException e) {
            LOG.error("AUDIT ENTRY LOST: {} {} {} {} {}: {}", actor, project, action, target, result, e.toString());
        }
    }

    /** Records a refused call: {@code route} ({@code POST /api/v1/apply}) and why. */
    public void denied(String route, RequestRefusedException refusal) {
        record(refusal.actor(), refusal.project(), "denied", route, refusal.code(), refusal.getMessage());
    }

    /**
     * Rows newest first.
     *
     * @param since   only rows at or after this instant (null: all)
     * @param project only rows of this project (null: all)
     * @param limit   at most this many
     */
    public List<Entry> read(Instant since, String project, int limit) {
        Condition where = DSL.noCondition();
        if (since != null) {
            where = where.and(AUDIT.AT.ge(since.atOffset(ZoneOffset.UTC)));
        }
        if (project != null) {
            where = where.and(AUDIT.PROJECT.eq(project));
        }
        Condition condition = where;
        return sql.guard("read the audit log", () -> sql.db().selectFrom(AUDIT).where(condition)
                .orderBy(AUDIT.ID.desc()).limit(limit).fetch().stream()
                .map(r -> new Entry(r.getId(), r.getAt().toInstant(), r.getActor(), r.getProject(), r.getAction(),
                        r.getTarget(), r.getResult(), r.getDetail())).toList());
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
