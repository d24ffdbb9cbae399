package dev.granary.export;

import dev.granary.security.AccessInterceptor;
import dev.granary.security.AuditLog;
import dev.granary.error.BadRequestException;
import dev.granary.jobs.Job;
import java.nio.file.Path;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/projects/{project}/training-sets}: the inputs of {@code granary export}, paths on the
 * server (relative ones resolve against the repository folder; entity tables inside {@code offline.root}, outputs
 * inside {@code offline.exportRoot} or else {@code offline.root}); answers 202 with the job to follow. An existing
 * output is replaced only with {@code "overwrite": true}. Without {@code entities}, {@code asOf} or
 * {@code rangeStart}/{@code rangeEnd} (and {@code every}) select the entity rows from the sources; {@code replay}
 * rebuilds a recorded training set instead.
 */
@RestController
class TrainingSetController {
    private final TrainingSetJobs jobs;
    private final AuditLog audit;

    TrainingSetController(TrainingSetJobs jobs, AuditLog audit) {
        this.jobs = jobs;
        this.audit = audit;
    }

    record Body(String entities, List<String> features, String featureService, String output,
                Boolean fullFeatureNames, String timestampColumn, Boolean overwrite, String asOf, String rangeStart,
                String rangeEnd, String every, String replay, Boolean allowChangedInputs) {
    }

    @PostMapping("/api/v1/projects/{project}/training-sets")
    ResponseEntity<Job> submit(@PathVariable String project, @RequestBody Body body) {
        Job job;
        if (body.replay() != null) {
            if (body.entities() != null || body.features() != null || body.featureService() != null
                    || body.asOf() != null || body.rangeStart() != null) {
                throw new BadRequestException("replay", "a replay takes its entities and features from the recorded"
                        + " training set; send only replay, output, overwrite and allowChangedInputs");
            }
            job = jobs.submit(new ReplayRequest(project, body.replay(), path(body.output()),
                    Boolean.TRUE.equals(body.overwrite()), Boolean.TRUE.equals(body.allowChangedInputs())), AccessInterceptor.current());
        } else {
            TrainingSetRequest request = new TrainingSetRequest(project, path(body.entities()), body.features(),
                    body.featureService(), path(body.output()), Boolean.TRUE.equals(body.fullFeatureNames()),
                    body.timestampColumn(), Boolean.TRUE.equals(body.overwrite()),
                    EntityQueries.of(body.asOf(), body.rangeStart(), body.rangeEnd(), body.every()));
            job = jobs.submit(request, AccessInterceptor.current());
        }
        audit.record(AuditLog.actor(AccessInterceptor.current(), "api"), project, "export", "job " + job.id()
                + " to " + body.output(), "SUBMITTED", null);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(job);
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text);
    }
}
