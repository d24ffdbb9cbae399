package dev.granary.export;

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
 * server (relative ones resolve against the repository folder); answers 202 with the job to follow.
 */
@RestController
class TrainingSetController {
    private final TrainingSetJobs jobs;

    TrainingSetController(TrainingSetJobs jobs) {
        this.jobs = jobs;
    }

    record Body(String entities, List<String> features, String featureService, String output,
                Boolean fullFeatureNames, String timestampColumn) {
    }

    @PostMapping("/api/v1/projects/{project}/training-sets")
    ResponseEntity<Job> submit(@PathVariable String project, @RequestBody Body body) {
        TrainingSetRequest request = new TrainingSetRequest(project, path(body.entities()), body.features(),
                body.featureService(), path(body.output()), Boolean.TRUE.equals(body.fullFeatureNames()),
                body.timestampColumn());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.submit(request));
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text);
    }
}
