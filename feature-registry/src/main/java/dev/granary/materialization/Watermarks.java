package dev.granary.materialization;

import dev.granary.registry.RegistrySql;
import static dev.granary.registry.db.Tables.VIEW_WATERMARKS;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The {@code view_watermarks} table: the last {@code end} that {@code materialize-incremental} finished, per view. */
final class Watermarks {
    private final RegistrySql sql;

    Watermarks(RegistrySql sql) {
        this.sql = sql;
    }

    Optional<Instant> get(String project, String view) {
        OffsetDateTime value = sql.guard("read the watermark of view '" + view + "'", () -> sql.db()
                .select(VIEW_WATERMARKS.WATERMARK).from(VIEW_WATERMARKS)
                .where(VIEW_WATERMARKS.PROJECT.eq(project)).and(VIEW_WATERMARKS.VIEW_NAME.eq(view))
                .fetchOne(VIEW_WATERMARKS.WATERMARK));
        return Optional.ofNullable(value).map(OffsetDateTime::toInstant);
    }

    /** Every view's watermark, by project then view. */
    java.util.Map<String, java.util.Map<String, Instant>> all() {
        var rows = sql.guard("read the watermarks", () -> sql.db()
                .select(VIEW_WATERMARKS.PROJECT, VIEW_WATERMARKS.VIEW_NAME, VIEW_WATERMARKS.WATERMARK)
                .from(VIEW_WATERMARKS).fetch());
        java.util.Map<String, java.util.Map<String, Instant>> marks = new java.util.TreeMap<>();
        for (var row : rows) {
            marks.computeIfAbsent(row.value1(), p -> new java.util.TreeMap<>()).put(row.value2(),
                    row.value3().toInstant());
        }
        return marks;
    }

    /** Sets the watermark, never moving it back (a late, older run must not undo a newer one). */
    void advance(String project, String view, Instant watermark) {
        OffsetDateTime value = watermark.atOffset(ZoneOffset.UTC);
        sql.guard("move the watermark of view '" + view + "'", () -> sql.db().transactionResult(tx -> {
            var db = tx.dsl();
            int updated = db.update(VIEW_WATERMARKS).set(VIEW_WATERMARKS.WATERMARK, value)
                    .where(VIEW_WATERMARKS.PROJECT.eq(project)).and(VIEW_WATERMARKS.VIEW_NAME.eq(view))
                    .and(VIEW_WATERMARKS.WATERMARK.lt(value))
                    .execute();
            if (updated == 0) {
                db.insertInto(VIEW_WATERMARKS)
                        .set(VIEW_WATERMARKS.PROJECT, project).set(VIEW_WATERMARKS.VIEW_NAME, view)
                        .set(VIEW_WATERMARKS.WATERMARK, value)
                        .onConflictDoNothing()
                        .execute();
            }
            return null;
        }));
    }
}
