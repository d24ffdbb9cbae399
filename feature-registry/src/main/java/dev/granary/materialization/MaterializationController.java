package dev.granary.materialization;

import dev.granary.security.AccessInterceptor;
import dev.granary.security.AuditLog;
import dev.granary.jobs.Job;
import dev.granary.error.InstantField;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/projects/{project}/materializations}: 202 with the job ({@code GET /api/v1/jobs/{id}} follows it). */
@RestController
class MaterializationController {
    private final MaterializationJobs jobs;
    private final AuditLog audit;

    MaterializationController(MaterializationJobs jobs, AuditLog audit) {
        this.jobs = jobs;
        this.audit = audit;
    }

    /** The body: {@code start}/{@code end} ISO-8601 instants, optional {@code views}, optional {@code incremental}. */
    record Body(String start, String end, List<String> views, Boolean incremental) {
    }

    @PostMapping("/api/v1/projects/{project}/materializations")
    ResponseEntity<Job> submit(@PathVariable String project, @RequestBody Body body) {
        boolean incremental = Boolean.TRUE.equals(body.incremental());
        MaterializeRequest request = new MaterializeRequest(project, InstantField.parse("start", body.start()),
                InstantField.parse("end", body.end()), body.views(), incremental);
        Job job = jobs.submit(request);
        audit.record(AuditLog.actor(AccessInterceptor.current(), "api"), project,
                incremental ? "materialize-incremental" : "materialize", "job " + job.id(), "SUBMITTED", null);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(job);
    }
}
