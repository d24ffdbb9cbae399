package dev.granary.jobs;

import static dev.granary.registry.db.Tables.JOBS;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.granary.registry.RegistrySql;
import dev.granary.registry.db.tables.records.JobsRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jobs} table: create a job, move it along, read it back. Shared by every kind of job.
 *
 * <p>A process that dies (a crash, {@code kill -9}) cannot mark its jobs failed, so every store touches the rows
 * of the unfinished jobs it runs every {@link #HEARTBEAT} and records with each job its owner (host, process id,
 * process start). An unfinished job is lost, and recorded {@code FAILED} with the reason instead of showing it
 * running forever, when its owner runs on this host and is gone (seen at once), or when its row is untouched for
 * {@link #LOST_AFTER} (any host). Every store looks for lost jobs when it opens and every {@link #HEARTBEAT}
 * after ({@link #sweep}), and {@link #find} checks the job it reads. This works across processes sharing one
 * registry database; marking is conditional on the row being unchanged, so a live owner always wins.
 *
 * <p>A succeeded job's result is stored with it, as JSON, in the same update that records it {@code SUCCEEDED}:
 * any process and any later run of the service reads it back.
 */
public final class JobStore implements AutoCloseable {
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration LOST_AFTER = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
    private static final int MESSAGE_LIMIT = 4000;
    /** As the service writes its answers (ISO-8601 instants, no nulls), so a stored result reads back the same. */
    private static final ObjectMapper RESULT_JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final ScheduledExecutorService BEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "granary-job-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /** Told when a job ends: for metrics (job durations and lost jobs). */
    public interface Events {
        Events NONE = new Events() {
        };

        /** A job of {@code kind} this store created ended {@code status} (SUCCEEDED, FAILED) after {@code took}. */
        default void ended(String kind, String status, Duration took) {
        }

        /** A job of {@code kind} was recorded FAILED here because its process is gone. */
        default void lost(String kind) {
        }
    }

    /** A job this store created and has not seen end: its kind and when it was created. */
    private record Started(String kind, long nanos) {
    }

    private final RegistrySql sql;
    private final Clock clock;
    private final Events events;
    private final java.util.Map<String, Started> started = new ConcurrentHashMap<>();
    /** The unfinished jobs this store runs, whose rows it keeps touching. */
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> beats;
    /** Set by {@link #close()}: a beat still running then may find the registry closed under it, which is expected. */
    private volatile boolean closed;
    /** Held by a background beat, so {@link #close()} returns only after the last one. */
    private final Object beating = new Object();

    public JobStore(RegistrySql sql, Clock clock) {
        this(sql, clock, Events.NONE);
    }

    /** A store telling {@code events} when its jobs end. */
    public JobStore(RegistrySql sql, Clock clock, Events events) {
        this(sql, clock, events, true);
    }

    /**
     * A store that beats and sweeps in the background ({@code background}), or only when {@link #beat} and
     * {@link #sweep} are called: tests that move {@code clock} by hand call them, since a background round runs on
     * real time and could fall between a move of the clock and the beat that follows it.
     */
    JobStore(RegistrySql sql, Clock clock, Events events, boolean background) {
        this.sql = sql;
        this.clock = clock;
        this.events = java.util.Objects.requireNonNull(events, "events is null");
        long every = HEARTBEAT.toMillis();
        this.beats = background ? BEATS.scheduleWithFixedDelay(this::beatQuietly, 0, every, TimeUnit.MILLISECONDS)
                : null;
    }

    public Job create(String kind, String project) {
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = now();
        live.add(id);
        started.put(id, new Started(kind, System.nanoTime()));
        sql.guard("record a job", () -> sql.db().insertInto(JOBS)
                .set(JOBS.ID, id).set(JOBS.KIND, kind).set(JOBS.PROJECT, project)
                .set(JOBS.STATUS, JobStatus.QUEUED.name()).set(JOBS.PROGRESS, 0.0).set(JOBS.ROWS, 0L)
                .set(JOBS.OWNER_PROCESS, JobOwner.current().toString())
                .set(JOBS.CREATED_AT, now).set(JOBS.UPDATED_AT, now)
                .execute());
        return find(id).orElseThrow();
    }

    public void update(String id, JobStatus status, double progress, long rows, String message) {
        write(id, status, progress, rows, message, null);
    }

    /** Records the job {@code SUCCEEDED} with its result (stored as JSON; {@link #find} returns it with the job). */
    public void succeed(String id, long rows, String message, Object result) {
        write(id, JobStatus.SUCCEEDED, 1, rows, message, result == null ? null : json(id, result));
    }

    private void write(String id, JobStatus status, double progress, long rows, String message, String result) {
        if (status.isTerminal()) {
            live.remove(id);
            Started job = started.remove(id);
            if (job != null) {
                events.ended(job.kind(), status.name(), Duration.ofNanos(System.nanoTime() - job.nanos()));
            }
        } else {
            live.add(id);
        }
        String text = message == null || message.length() <= MESSAGE_LIMIT ? message
                : message.substring(0, MESSAGE_LIMIT - 3) + "...";
        OffsetDateTime now = now();
        sql.guard("update job " + id, () -> sql.db().update(JOBS)
                .set(JOBS.STATUS, status.name())
                .set(JOBS.PROGRESS, Math.max(0, Math.min(1, progress)))
                .set(JOBS.ROWS, rows)
                .set(JOBS.MESSAGE, text)
                .set(JOBS.RESULT_JSON, result)
                .set(JOBS.UPDATED_AT, now)
                .where(JOBS.ID.eq(id))
                .execute());
    }

    /** The job, reported {@code FAILED} (and recorded so) when it is unfinished and its process is gone. */
    public Optional<Job> find(String id) {
        JobsRecord record = read(id);
        if (record == null) {
            return Optional.empty();
        }
        if (lostReason(record) != null) {
            markLost(record);
            record = read(id);
        }
        return Optional.of(toJob(record));
    }

    /**
     * Records every lost unfinished job {@code FAILED} with the reason (see the class comment); returns how many.
     * Runs when the store opens and every {@link #HEARTBEAT}; safe to run from any number of processes at once.
     */
    public int sweep() {
        List<JobsRecord> unfinished = sql.guard("look for lost jobs", () -> sql.db().selectFrom(JOBS)
                .where(JOBS.STATUS.in(JobStatus.QUEUED.name(), JobStatus.RUNNING.name()))
                .fetch());
        int lost = 0;
        for (JobsRecord record : unfinished) {
            if (lostReason(record) != null && markLost(record)) {
                lost++;
            }
        }
        if (lost > 0) {
            LOG.warn("Recorded {} job(s) FAILED whose process is gone", lost);
        }
        return lost;
    }

    /** Why the unfinished job of {@code record} is lost, or null when it is finished or may still be running. */
    private String lostReason(JobsRecord record) {
        if (JobStatus.valueOf(record.getStatus()).isTerminal() || live.contains(record.getId())) {
            return null;
        }
        Optional<JobOwner> owner = JobOwner.parse(record.getOwnerProcess());
        if (owner.isPresent() && owner.get().isGoneFromThisHost()) {
            return "The process running this job (pid " + owner.get().pid() + " on " + owner.get().host()
                    + ") is gone";
        }
        Instant last = record.getUpdatedAt().toInstant();
        if (last.plus(LOST_AFTER).isBefore(clock.instant())) {
            return "The process running this job stopped before it finished (no sign of life since " + last
                    + (owner.map(o -> " from pid " + o.pid() + " on " + o.host()).orElse("")) + ")";
        }
        return null;
    }

    /** Touches the rows of this store's unfinished jobs (runs every {@link #HEARTBEAT}). */
    void beat() {
        if (live.isEmpty()) {
            return;
        }
        OffsetDateTime now = now();
        sql.guard("record that jobs are alive", () -> sql.db().update(JOBS)
                .set(JOBS.UPDATED_AT, now)
                .where(JOBS.ID.in(live))
                .and(JOBS.STATUS.in(JobStatus.QUEUED.name(), JobStatus.RUNNING.name()))
                .execute());
    }

    /** Stops the heartbeat; jobs still unfinished here are reported lost {@link #LOST_AFTER} later. */
    @Override
    public void close() {
        closed = true;
        if (beats != null) {
            beats.cancel(false);
        }
        synchronized (beating) {
            // waits out a beat already under way: once closed, this store touches no row
        }
    }

    /** Records the job lost; false when its row changed since it was read (its owner lives after all). */
    private boolean markLost(JobsRecord record) {
        String reason = lostReason(record);
        if (reason == null) {
            return false;
        }
        String message = reason + "; run it again: a materialization continues where it stopped (written rows"
                + " stay, the watermark did not move), an export starts over (no file was left at its output path)";
        // only if nobody touched the row since it was read: a live job elsewhere wins
        boolean marked = 1 == sql.guard("record a lost job", () -> sql.db().update(JOBS)
                .set(JOBS.STATUS, JobStatus.FAILED.name())
                .set(JOBS.MESSAGE, message)
                .set(JOBS.UPDATED_AT, now())
                .where(JOBS.ID.eq(record.getId()))
                .and(JOBS.STATUS.eq(record.getStatus()))
                .and(JOBS.UPDATED_AT.eq(record.getUpdatedAt()))
                .execute());
        if (marked) {
            events.lost(record.getKind());
        }
        return marked;
    }

    private void beatQuietly() {
        synchronized (beating) {
            if (!closed) {
                beatAndSweep();
            }
        }
    }

    private void beatAndSweep() {
        try {
            beat();
            sweep();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Could not record that jobs are alive (will retry): {}", e.getMessage());
            }
        }
    }

    private JobsRecord read(String id) {
        return sql.guard("read job " + id, () -> sql.db().selectFrom(JOBS).where(JOBS.ID.eq(id)).fetchOne());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private Job toJob(JobsRecord r) {
        JobStatus status = JobStatus.valueOf(r.getStatus());
        return new Job(r.getId(), r.getKind(), r.getProject(), status, r.getProgress(), r.getRows(), r.getMessage(),
                instant(r.getCreatedAt()), instant(r.getUpdatedAt()),
                status == JobStatus.SUCCEEDED ? result(r) : null);
    }

    /**
     * The work a job did is done whether or not its summary serializes, so a result that cannot be written as
     * JSON (a bug) is logged and left out rather than failing a job whose rows are already written.
     */
    private static String json(String id, Object result) {
        try {
            return RESULT_JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            LOG.error("Cannot record the result of job {} as JSON; the job is recorded without it", id, e);
            return null;
        }
    }

    private static JsonNode result(JobsRecord r) {
        if (r.getResultJson() == null) {
            return null;
        }
        try {
            return RESULT_JSON.readTree(r.getResultJson());
        } catch (JsonProcessingException e) {
            LOG.error("The stored result of job {} is not JSON; the job is shown without it", r.getId(), e);
            return null;
        }
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }
}
