package dev.granary.jobs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A job as recorded in the registry's {@code jobs} table.
 *
 * @param id       a random identifier ({@code GET /api/v1/jobs/{id}})
 * @param kind     what it does, e.g. {@code materialize} or {@code materialize-incremental}
 * @param project  the project it works on
 * @param status   where it is
 * @param progress the fraction done, 0 to 1
 * @param rows     rows written so far
 * @param message  what it is doing, what it did, or why it failed (names the fix); may be null
 * @param result   what a {@code SUCCEEDED} job produced, as JSON (a materialization's views, an export's training
 *                 set), stored with the job; omitted for other statuses
 */
public record Job(String id, String kind, String project, JobStatus status, double progress, long rows,
                  String message, Instant createdAt, Instant updatedAt,
                  @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode result) {
    public Job {
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(project, "project is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        if (progress < 0 || progress > 1 || Double.isNaN(progress)) {
            throw new IllegalArgumentException("progress must be between 0 and 1, got " + progress);
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
    }
}
