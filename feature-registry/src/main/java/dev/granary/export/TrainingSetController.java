package dev.granary.export;

import dev.granary.security.AccessInterceptor;
import dev.granary.security.AuditLog;
import dev.granary.jobs.Job;
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
 * rebuilds a recorded training set instead. With {@code Accept: application/vnd.apache.arrow.stream} the same
 * body streams the training set instead, when module {@code offline-flight} is on the classpath.
 */
@RestController
class TrainingSetController {
    private final TrainingSetJobs jobs;
    private final AuditLog audit;

    TrainingSetController(TrainingSetJobs jobs, AuditLog audit) {
        this.jobs = jobs;
        this.audit = audit;
    }

    @PostMapping("/api/v1/projects/{project}/training-sets")
    ResponseEntity<Job> submit(@PathVariable String project, @RequestBody TrainingSetBody body) {
        Job job = body.isReplay()
                ? jobs.submit(body.replayRequest(project), AccessInterceptor.current())
                : jobs.submit(body.request(project), AccessInterceptor.current());
        audit.record(AuditLog.actor(AccessInterceptor.current(), "api"), project, "export", "job " + job.id()
                + " to " + body.output(), "SUBMITTED", null);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(job);
    }
}
