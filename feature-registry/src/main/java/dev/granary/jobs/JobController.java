package dev.granary.jobs;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/jobs/{id}}: any job's status, progress, rows and message. */
@RestController
class JobController {
    private final JobStore jobs;

    JobController(JobStore jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/api/v1/jobs/{id}")
    Job job(@PathVariable String id) {
        return jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }
}
