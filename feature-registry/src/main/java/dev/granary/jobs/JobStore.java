package dev.granary.jobs;

import static dev.granary.registry.db.Tables.JOBS;

import dev.granary.registry.RegistrySql;
import dev.granary.registry.db.tables.records.JobsRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** The {@code jobs} table: create a job, move it along, read it back. Shared by every kind of job. */
public final class JobStore {
    private static final int MESSAGE_LIMIT = 4000;

    private final RegistrySql sql;
    private final Clock clock;

    public JobStore(RegistrySql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    public Job create(String kind, String project) {
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        sql.guard("record a job", () -> sql.db().insertInto(JOBS)
                .set(JOBS.ID, id).set(JOBS.KIND, kind).set(JOBS.PROJECT, project)
                .set(JOBS.STATUS, JobStatus.QUEUED.name()).set(JOBS.PROGRESS, 0.0).set(JOBS.ROWS, 0L)
                .set(JOBS.CREATED_AT, now).set(JOBS.UPDATED_AT, now)
                .execute());
        return find(id).orElseThrow();
    }

    public void update(String id, JobStatus status, double progress, long rows, String message) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        String text = message == null || message.length() <= MESSAGE_LIMIT ? message
                : message.substring(0, MESSAGE_LIMIT - 3) + "...";
        sql.guard("update job " + id, () -> sql.db().update(JOBS)
                .set(JOBS.STATUS, status.name())
                .set(JOBS.PROGRESS, Math.max(0, Math.min(1, progress)))
                .set(JOBS.ROWS, rows)
                .set(JOBS.MESSAGE, text)
                .set(JOBS.UPDATED_AT, now)
                .where(JOBS.ID.eq(id))
                .execute());
    }

    public Optional<Job> find(String id) {
        JobsRecord record = sql.guard("read job " + id,
                () -> sql.db().selectFrom(JOBS).where(JOBS.ID.eq(id)).fetchOne());
        return Optional.ofNullable(record).map(JobStore::toJob);
    }

    private static Job toJob(JobsRecord r) {
        return new Job(r.getId(), r.getKind(), r.getProject(), JobStatus.valueOf(r.getStatus()), r.getProgress(),
                r.getRows(), r.getMessage(), instant(r.getCreatedAt()), instant(r.getUpdatedAt()));
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }
}
