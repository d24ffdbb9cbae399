package dev.granary.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.RegistrySql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs on a real (in-memory H2) registry, two stores standing for two processes sharing it: a job whose process
 * stopped is reported failed once its heartbeat is overdue; a live job is not, however long it runs.
 */
class JobStoreTest {
    private RegistryDatabase database;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private JobStore runner;
    private JobStore reader;

    @BeforeEach
    void open() {
        database = RegistryDatabase.open("jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        runner = new JobStore(new RegistrySql(database.dataSource()), clock);
        reader = new JobStore(new RegistrySql(database.dataSource()), clock);
    }

    @AfterEach
    void close() {
        runner.close();
        reader.close();
        database.close();
    }

    @Test
    void aJobWhoseProcessStoppedIsReportedFailedOnceItsHeartbeatIsOverdue() {
        Job job = runner.create("materialize", "rides");
        runner.update(job.id(), JobStatus.RUNNING, 0.4, 1_000, "writing");

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
