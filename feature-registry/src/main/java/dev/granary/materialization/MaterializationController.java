package dev.granary.materialization;

import dev.granary.jobs.Job;
import dev.granary.error.BadRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    MaterializationController(MaterializationJobs jobs) {
        this.jobs = jobs;
    }

    /** The body: {@code start}/{@code end} ISO-8601 instants, optional {@code views}, optional {@code incremental}. */
    record Body(String start, String end, List<String> views, Boolean incremental) {
    }

    @PostMapping("/api/v1/projects/{project}/materializations")
    ResponseEntity<Job> submit(@PathVariable String project, @RequestBody Body body) {
        boolean incremental = Boolean.TRUE.equals(body.incremental());
        MaterializeRequest request = new MaterializeRequest(project, instant("start", body.start()),
                instant("end", body.end()), body.views(), incremental);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.submit(request));
    }

    private static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "'" + field + "' is '" + text + "', not an ISO-8601 instant;"
                    + " write it like 2026-11-20T10:00:00Z");
        }
    }
}
