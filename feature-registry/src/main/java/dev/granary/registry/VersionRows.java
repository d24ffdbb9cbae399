package dev.granary.registry;

import static dev.granary.registry.db.Tables.PROJECTS;
import static dev.granary.registry.db.Tables.REGISTRY_VERSIONS;

import dev.granary.registry.db.tables.records.ProjectsRecord;
import dev.granary.registry.db.tables.records.RegistryVersionsRecord;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/** The registry's SQL: reads and writes of {@code projects} and {@code registry_versions} in a given context. */
final class VersionRows {
    private VersionRows() {
    }

    /**
     * Makes sure the project row exists, so that it can be locked. Two first applies may race to insert it:
     * the loser's duplicate-key error is expected and ignored.
     */
    static void ensureProject(DSLContext db, String project, OffsetDateTime now) {
        if (db.fetchExists(PROJECTS, PROJECTS.NAME.eq(project))) {
            return;
        }
        try {
            db.insertInto(PROJECTS, PROJECTS.NAME, PROJECTS.CURRENT_VERSION, PROJECTS.UPDATED_AT)
                    .values(project, 0, now)
                    .execute();
        } catch (DataAccessException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    private static boolean isUniqueViolation(DataAccessException e) {
        String state = e.sqlState();
        return state != null && state.startsWith("23");
    }

    /** Locks the project row until the transaction ends: applies of one project queue here. */
    static ProjectsRecord lockProject(DSLContext tx, String project) {
        return tx.selectFrom(PROJECTS).where(PROJECTS.NAME.eq(project)).forUpdate().fetchSingle();
    }

    static int currentVersion(DSLContext db, String project) {
        return db.select(PROJECTS.CURRENT_VERSION).from(PROJECTS).where(PROJECTS.NAME.eq(project))
                .fetchOptional(PROJECTS.CURRENT_VERSION).orElse(0);
    }

    static Optional<RegistryVersionsRecord> version(DSLContext db, String project, int version) {
        return db.selectFrom(REGISTRY_VERSIONS)
                .where(REGISTRY_VERSIONS.PROJECT.eq(project), REGISTRY_VERSIONS.VERSION.eq(version))
                .fetchOptional();
    }

    static List<RegistryVersionsRecord> history(DSLContext db, String project) {
        return db.selectFrom(REGISTRY_VERSIONS)
                .where(REGISTRY_VERSIONS.PROJECT.eq(project))
                .orderBy(REGISTRY_VERSIONS.VERSION.desc())
                .fetch();
    }

    static List<ProjectsRecord> projects(DSLContext db) {
        return db.selectFrom(PROJECTS).where(PROJECTS.CURRENT_VERSION.gt(0)).orderBy(PROJECTS.NAME).fetch();
    }

    static void insertVersion(DSLContext tx, RegistryVersionsRecord row) {
        tx.insertInto(REGISTRY_VERSIONS).set(row).execute();
        tx.update(PROJECTS)
                .set(PROJECTS.CURRENT_VERSION, row.getVersion())
                .set(PROJECTS.UPDATED_AT, row.getAppliedAt())
                .where(PROJECTS.NAME.eq(row.getProject()))
                .execute();
    }
}
