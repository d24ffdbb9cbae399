package dev.granary.export;

import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import dev.granary.jobs.Job;
import dev.granary.jobs.JobStatus;
import dev.granary.jobs.JobStore;
import dev.granary.offline.ProgressListener;
import dev.granary.security.Caller;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training-set exports as jobs (the REST API's {@code POST .../training-sets}): the request is checked at once,
 * then the export runs on a small executor and its job record shows phase progress, rows and, when done, where
 * the training set is.
 */
public final class TrainingSetJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSetJobs.class);
    static final String KIND = "export";
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final TrainingSets trainingSets;
    private final JobStore jobs;
    private final ExecutorService executor;

    public TrainingSetJobs(TrainingSets trainingSets, JobStore jobs, int threads) {
        this.trainingSets = requireNonNull(trainingSets, "trainingSets is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "granary-export");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Checks the request and queues the export; returns the {@code QUEUED} job.
     *
     * @throws dev.granary.error.BadRequestException naming the field when the request cannot work
     * @throws dev.granary.registry.ProjectNotFoundException when the project has no version
     */
    public Job submit(TrainingSetRequest request) {
        return submit(request, Caller.UNCHECKED);
    }

    /**
     * As {@link #submit(TrainingSetRequest)} for {@code caller}.
     *
     * @throws dev.granary.security.RequestRefusedException 403 naming the restricted features asked for (one
     *         by one or through a feature service) that the caller was not granted
     */
    public Job submit(TrainingSetRequest request, Caller caller) {
        return queue(request.project(), request.output(), () -> trainingSets.prepare(request), caller);
    }

    /**
     * Checks the replay (the recorded set exists, its inputs are unchanged or changes are allowed) and queues it;
     * returns the {@code QUEUED} job.
     *
     * @throws InputChangedException naming the changed inputs
     * @throws dev.granary.security.RequestRefusedException 403 naming the restricted features of the recorded set
     *         that {@code caller} was not granted
     */
    public Job submit(ReplayRequest request, Caller caller) {
        return queue(request.project(), request.output(), () -> trainingSets.prepare(request), caller);
    }

    /** Checks the output, prepares the export, checks {@code caller}'s grants on it, then queues it. */
    private Job queue(String project, java.nio.file.Path output, Supplier<TrainingSets.Prepared> prepare,
                      Caller caller) {
        if (output == null) {
            throw new BadRequestException("output", "output is missing: give the Parquet file to write");
        }
        TrainingSets.Prepared prepared = prepare.get();
        prepared.requireReadableBy(caller);
        Job job = jobs.create(KIND, project);
        executor.execute(() -> run(job.id(), prepared));
        return job;
    }

    private void run(String id, TrainingSets.Prepared prepared) {
        try {
            jobs.update(id, JobStatus.RUNNING, 0, 0, "reading the entity table");
            TrainingSet set = trainingSets.export(prepared, progressOf(id));
            jobs.succeed(id, set.rowCount(), "wrote " + set.rowCount() + " rows to " + set.output()
                    + " (training set " + set.id() + ", spec version " + set.specVersion() + ")", set);
        } catch (RuntimeException e) {
            LOG.warn("Export job {} failed", id, e);
            try {
                jobs.update(id, JobStatus.FAILED, 0, 0, String.valueOf(e.getMessage()));
            } catch (RuntimeException recordFailure) {
                LOG.warn("cannot record the failure of export job {}", id, recordFailure);
            }
        }
    }

    /** Maps the engine's phases onto one fraction: entities 0-10 %, join 10-80 %, write 80-100 %. */
    private ProgressListener progressOf(String id) {
        long[] last = {0};
        return (phase, done, total) -> {
            long now = System.nanoTime();
            if (now - last[0] < PROGRESS_EVERY_NANOS || total <= 0) {
                return;
            }
            last[0] = now;
            double within = Math.min(1.0, (double) done / total);
            double progress = switch (phase) {
                case "select-entities", "read-entities" -> 0.1 * within;
                case "join" -> 0.1 + 0.7 * within;
                default -> 0.8 + 0.2 * within;
            };
            jobs.update(id, JobStatus.RUNNING, progress, phase.equals("write") ? done : 0, phase);
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
