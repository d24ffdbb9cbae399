package dev.granary.health.monitor;

import dev.granary.health.HealthCheck;
import dev.granary.security.AccessInterceptor;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/projects/{project}/feature-services/{service}/health/history?feature=&limit=}: the stored
 * scheduled checks of a service, newest first. Readable by whoever may read the service's health report
 * ({@link HealthCheck#readable}): a service holding a restricted feature needs the grant.
 */
@RestController
class HealthHistoryController {
    private final HealthCheck health;
    private final HealthHistory history;

    HealthHistoryController(HealthCheck health, HealthHistory history) {
        this.health = health;
        this.history = history;
    }

    /** The answer: the service, the feature asked for (null: all) and its checks, newest first. */
    record HistoryResponse(String project, String service, String feature, List<StoredCheck> checks) {
        HistoryResponse {
            checks = List.copyOf(checks);
        }
    }

    @GetMapping(path = "/api/v1/projects/{project}/feature-services/{service}/health/history",
            produces = MediaType.APPLICATION_JSON_VALUE)
    HistoryResponse history(@PathVariable String project, @PathVariable String service,
                            @RequestParam(required = false) String feature,
                            @RequestParam(required = false) String limit) {
        HealthCheck.CheckedService checked = health.readable(project, service, AccessInterceptor.current());
        HistoryQuery query = HistoryQuery.parse(checked.service(), feature, limit);
        return new HistoryResponse(checked.project(), checked.service().name(), query.feature(),
                history.checks(checked.project(), checked.service().name(), query.feature(), query.limit()));
    }
}
