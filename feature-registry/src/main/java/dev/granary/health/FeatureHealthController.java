package dev.granary.health;

import dev.granary.security.AccessInterceptor;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/projects/{project}/feature-services/{service}/health?reference=&window=&baseline=}: a health
 * check of the service ({@link HealthCheck}), as {@code granary health} prints it. Runs while the request waits.
 */
@RestController
class FeatureHealthController {
    private final HealthCheck health;

    FeatureHealthController(HealthCheck health) {
        this.health = health;
    }

    @GetMapping(path = "/api/v1/projects/{project}/feature-services/{service}/health",
            produces = MediaType.APPLICATION_JSON_VALUE)
    HealthReport check(@PathVariable String project, @PathVariable String service,
                       @RequestParam(required = false) String reference,
                       @RequestParam(required = false) String window,
                       @RequestParam(required = false) String baseline) {
        return health.check(new HealthRequest(project, service, reference,
                HealthRequest.parseWindow("window", window), HealthRequest.parseWindow("baseline", baseline)),
                AccessInterceptor.current());
    }
}
