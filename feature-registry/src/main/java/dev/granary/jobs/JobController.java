package dev.granary.jobs;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/jobs/{id}}: any job's status, progress, rows and message. */
@RestController
class JobController {
    private final JobStore jobs;
    private final dev.granary.security.ErrorRedaction redaction;

    JobController(JobStore jobs, dev.granary.security.ErrorRedaction redaction) {
        this.jobs = jobs;
        this.redaction = redaction;
    }

    /** A failed job's message says why in the server's words; callers see it without the server's folders. */
    @GetMapping("/api/v1/jobs/{id}")
    Job job(@PathVariable String id) {
        Job job = jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
        dev.granary.security.AccessInterceptor.current().require(job.project(), dev.granary.security.Role.READER);
        return new Job(job.id(), job.kind(), job.project(), job.status(), job.progress(), job.rows(),
                redaction.apply(job.message()), job.createdAt(), job.updatedAt(), job.result());
    }
}
