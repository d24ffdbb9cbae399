package dev.granary.jobs;

import static dev.granary.registry.db.Tables.JOBS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.TestDatabases;
import dev.granary.registry.RegistrySql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs on a real registry database, two stores standing for two processes sharing it: a job whose process
 * stopped is reported failed once its heartbeat is overdue; a live job is not, however long it runs; a
 * succeeded job's result is read back by any store. Every registry database passes this suite.
 */
abstract class JobStoreContract {
    private RegistryDatabase database;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private JobStore runner;
    private JobStore reader;

    private TestDatabases.Fresh fresh;

    /** Where each test gets a registry database of its own, migrated. */
    protected abstract TestDatabases.Fresh fresh();

    @BeforeEach
    void open() {
        fresh = fresh();
        database = fresh.open();
        runner = store();
        reader = store();
    }

    /**
     * A store on the test's database and clock that beats and sweeps only when the test says so: a background round
     * on real time could fall between a move of the clock and the beat that follows it, and find a live job overdue.
     */
    private JobStore store() {
        return new JobStore(new RegistrySql(database.dataSource()), clock, JobStore.Events.NONE, false);
    }

    @AfterEach
    void close() {
        runner.close();
        reader.close();
        database.close();
        fresh.drop();
    }

    @Test
    void aJobWhoseProcessStoppedIsReportedFailedOnceItsHeartbeatIsOverdue() {
        Job job = runner.create("materialize", "rides");
        runner.update(job.id(), JobStatus.RUNNING, 0.4, 1_000, "writing");
        runner.close(); // the process stops: no beat touches the row after this

        clock.advance(JobStore.LOST_AFTER.minusSeconds(1));
        assertThat(reader.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

        clock.advance(Duration.ofSeconds(2));
        Job lost = reader.find(job.id()).orElseThrow();
        assertThat(lost.status()).isEqualTo(JobStatus.FAILED);
        assertThat(lost.message()).contains("stopped before it finished").contains("run it again");
        assertThat(lost.rows()).isEqualTo(1_000);
        // recorded, not only shown: any store now reads it failed
        assertThat(runner.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void aJobWhoseOwnerProcessOnThisHostIsGoneIsRecordedFailedAtOnceBySweep() throws Exception {
        Job job = runner.create("materialize", "rides");
        runner.update(job.id(), JobStatus.RUNNING, 0.4, 1_000, "writing");
        runner.close();
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        setOwner(job.id(), new JobOwner(JobOwner.current().host(), dead.pid(), 1L));

        reader.sweep();
        Job lost = reader.find(job.id()).orElseThrow();
        assertThat(lost.status()).isEqualTo(JobStatus.FAILED);
        assertThat(lost.message()).contains("pid " + dead.pid()).contains("is gone").contains("run it again");
        assertThat(reader.sweep()).as("sweeping again changes nothing").isZero();
    }

    @Test
    void aProcessThatReusedTheOwnersIdIsNotTheOwner() {
        Job job = runner.create("export", "rides");
        runner.close();
        JobOwner me = JobOwner.current();
        setOwner(job.id(), new JobOwner(me.host(), me.pid(), me.startMillis() - 60_000));

        reader.sweep();
        assertThat(reader.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void sweepLeavesJobsOfLiveOwnersAndOfOtherHostsRunningUntilTheirHeartbeatIsOverdue() {
        Job mine = runner.create("materialize", "rides");
        runner.update(mine.id(), JobStatus.RUNNING, 0.1, 0, "writing");
        Job elsewhere;
        try (JobStore otherHost = store()) {
            elsewhere = otherHost.create("materialize", "rides");
            otherHost.update(elsewhere.id(), JobStatus.RUNNING, 0.1, 0, "writing");
        }
        setOwner(elsewhere.id(), new JobOwner("another-host.example", 1, 1));

        assertThat(reader.sweep()).isZero();
        assertThat(reader.find(mine.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(reader.find(elsewhere.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

        clock.advance(JobStore.LOST_AFTER.plusSeconds(1));
        runner.beat();
        // the runner's job has a fresh heartbeat; the other host's job is overdue
        reader.sweep();
        assertThat(reader.find(mine.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        Job lost = reader.find(elsewhere.id()).orElseThrow();
        assertThat(lost.status()).isEqualTo(JobStatus.FAILED);
        assertThat(lost.message()).contains("no sign of life since").contains("another-host.example");
    }

    @Test
    void aLiveJobKeepsRunningAsLongAsItsHeartbeatGoesOn() {
        Job job = runner.create("export", "rides");
        for (int beat = 0; beat < 30; beat++) {
            clock.advance(JobStore.HEARTBEAT);
            runner.beat();
        }
        assertThat(reader.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        runner.update(job.id(), JobStatus.RUNNING, 0.1, 0, "reading");
        for (int beat = 0; beat < 30; beat++) {
            clock.advance(JobStore.HEARTBEAT);
            runner.beat();
        }
        assertThat(reader.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void finishedJobsNeverChange() {
        Job done = runner.create("materialize", "rides");
        runner.update(done.id(), JobStatus.SUCCEEDED, 1, 5, "wrote 5 rows");
        clock.advance(Duration.ofDays(3));
        Job later = reader.find(done.id()).orElseThrow();
        assertThat(later.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(later.message()).isEqualTo("wrote 5 rows");
    }

    @Test
    void aSucceededJobsResultIsStoredSoAnyStoreReadsItBack() throws Exception {
        Job job = runner.create("materialize", "rides");
        runner.update(job.id(), JobStatus.RUNNING, 0.5, 4, "writing");
        Summary summary = new Summary("rides", Instant.parse("2026-11-23T11:00:00.123Z"), null,
                List.of(new Summary.View("driver_stats", 8), new Summary.View("trips", 0)));
        runner.succeed(job.id(), 8, "wrote 8 rows", summary);
        runner.close();

        // another process, or this one after a restart: nothing of the job is left in memory
        try (JobStore restarted = store()) {
            Job done = restarted.find(job.id()).orElseThrow();
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.rows()).isEqualTo(8);
            assertThat(done.result()).isEqualTo(new ObjectMapper().readTree("""
                    {"project": "rides", "end": "2026-11-23T11:00:00.123Z",
                     "views": [{"view": "driver_stats", "rows": 8}, {"view": "trips", "rows": 0}]}"""));
        }
    }

    @Test
    void onlyASucceededJobCarriesAResult() {
        Job failed = runner.create("export", "rides");
        runner.update(failed.id(), JobStatus.FAILED, 0, 0, "the entity table has no event_timestamp column");
        Job running = runner.create("export", "rides");
        runner.update(running.id(), JobStatus.RUNNING, 0.2, 0, "reading");
        Job bare = runner.create("materialize", "rides");
        runner.succeed(bare.id(), 0, "nothing to do", null);

        assertThat(reader.find(failed.id()).orElseThrow().result()).isNull();
        assertThat(reader.find(running.id()).orElseThrow().result()).isNull();
        assertThat(reader.find(bare.id()).orElseThrow().result()).isNull();
        assertThat(reader.find(bare.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    private void setOwner(String id, JobOwner owner) {
        new RegistrySql(database.dataSource()).db().update(JOBS).set(JOBS.OWNER_PROCESS, owner.toString())
                .where(JOBS.ID.eq(id)).execute();
    }

    /** A result shaped like the real ones: a nested list, an instant, a field left null (and so omitted). */
    record Summary(String project, Instant end, String note, List<View> views) {
        record View(String view, long rows) {
        }
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
