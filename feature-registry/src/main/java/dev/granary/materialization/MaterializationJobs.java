package dev.granary.materialization;

import dev.granary.registry.RegistrySql;
import dev.granary.jobs.JobStore;
import dev.granary.jobs.JobStatus;
import dev.granary.jobs.JobNotFoundException;
import dev.granary.jobs.Job;
import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materializations as jobs recorded in the registry's {@code jobs} table (status, progress, rows, message):
 * {@link #submit} queues one on a small executor (REST), {@link #run} runs one on the calling thread (CLI). A
 * job whose process dies is recorded {@code FAILED} by the next store that finds it ({@link JobStore#sweep});
 * its watermarks did not move, so running it again is safe.
 */
public final class MaterializationJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MaterializationJobs.class);
    /** Progress is written to the table at most this often, so a fast job does not turn into a write storm. */
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Materializer materializer;
    private final JobStore jobs;
    private final ExecutorService executor;
    private final List<MaterializationListener> listeners;

    MaterializationJobs(Materializer materializer, JobStore jobs, int threads, List<MaterializationListener> listeners) {
        this.materializer = requireNonNull(materializer, "materializer is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.listeners = List.copyOf(listeners);
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "granary-materialization");
            t.setDaemon(true);
            return t;
        });
    }

    /** Jobs on the registry database {@code registryDatabase}, running at most {@code threads} at a time. */
    public static MaterializationJobs create(Materializer materializer, DataSource registryDatabase, int threads) {
        return create(materializer, registryDatabase, threads, List.of());
    }

    /** Jobs recorded in {@code jobs} (the service's shared store, which answers {@code GET /api/v1/jobs/{id}}). */
    public static MaterializationJobs create(Materializer materializer, JobStore jobs, int threads,
                                             List<MaterializationListener> listeners) {
        return new MaterializationJobs(materializer, jobs, threads, listeners);
    }

    /** As {@link #create(Materializer, DataSource, int)}, telling {@code listeners} after each successful job. */
    public static MaterializationJobs create(Materializer materializer, DataSource registryDatabase, int threads,
                                             List<MaterializationListener> listeners) {
        return new MaterializationJobs(materializer, new JobStore(new RegistrySql(registryDatabase), Clock.systemUTC()),
                threads, listeners);
    }

    public Materializer materializer() {
        return materializer;
    }

    /**
     * Checks the request (project, views) and queues it; returns the {@code QUEUED} job at once.
     *
     * @throws dev.granary.registry.ProjectNotFoundException when the project has no version
     * @throws dev.granary.error.BadRequestException naming {@code views} for an unknown or offline view
     */
    public Job submit(MaterializeRequest request) {
        materializer.views(request);
        Job job = jobs.create(request.kind(), request.project());
        executor.execute(() -> execute(job.id(), request, MaterializationProgress.NONE));
        return job;
    }

    /** Runs the request on the calling thread as a recorded job, reporting progress to {@code progress} too. */
    public MaterializationResult run(MaterializeRequest request, MaterializationProgress progress) {
        materializer.views(request);
        Job job = jobs.create(request.kind(), request.project());
        return execute(job.id(), request, progress == null ? MaterializationProgress.NONE : progress);
    }

    /**
     * The job's current record.
     *
     * @throws JobNotFoundException when no job has that id
     */
    public Job job(String id) {
        return jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    private MaterializationResult execute(String id, MaterializeRequest request, MaterializationProgress progress) {
        long[] last = {System.nanoTime() - PROGRESS_EVERY_NANOS};
        long[] rowsSeen = {0};
        try {
            jobs.update(id, JobStatus.RUNNING, 0, 0, "starting");
            MaterializationResult result = materializer.run(request, (view, rows, done, total) -> {
                rowsSeen[0] = rows;
                progress.update(view, rows, done, total);
                long now = System.nanoTime();
                if (now - last[0] >= PROGRESS_EVERY_NANOS) {
                    last[0] = now;
                    jobs.update(id, JobStatus.RUNNING, total == 0 ? 0 : (double) done / total, rows,
                            "writing view " + view);
                }
            });
            jobs.succeed(id, result.rows(), result.summary(), result);
            announce(result);
            return result;
        } catch (RuntimeException e) {
            LOG.warn("Materialization job {} failed", id, e);
            try {
                jobs.update(id, JobStatus.FAILED, 0, rowsSeen[0], String.valueOf(e.getMessage())
                        + " (watermarks did not move; running the job again is safe)");
            } catch (RuntimeException recordFailure) {
                e.addSuppressed(recordFailure);
            }
            throw e;
        }
    }

    private void announce(MaterializationResult result) {
        for (MaterializationListener listener : listeners) {
            try {
                listener.materialized(result);
            } catch (RuntimeException e) {
                LOG.warn("Materialization of project {} succeeded, but a listener failed: {}", result.project(),
                        e.toString());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        jobs.close();
    }
}
