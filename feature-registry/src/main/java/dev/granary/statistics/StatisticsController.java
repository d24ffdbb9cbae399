package dev.granary.statistics;

import dev.granary.error.ListField;
import dev.granary.error.InstantField;
import dev.granary.offline.ProgressListener;
import dev.granary.security.AccessInterceptor;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/projects/{project}/statistics}: computes and stores the statistics of the project's
 * features, as {@code granary stats} does, and answers the stored rows. Runs while the request waits (like
 * {@code apply?stats=true}); a bad instant or an unknown view is a 400/404 naming the field.
 */
@RestController
class StatisticsController {
    private final StatisticsService statistics;

    StatisticsController(StatisticsService statistics) {
        this.statistics = statistics;
    }

    /** The body (every field optional): {@code views} (default every view), {@code start}/{@code end} instants. */
    record Body(List<String> views, String start, String end) {
    }

    @PostMapping(path = "/api/v1/projects/{project}/statistics", produces = MediaType.APPLICATION_JSON_VALUE)
    List<StoredStatistics> compute(@PathVariable String project, @RequestBody(required = false) Body body) {
        Body given = body == null ? new Body(null, null, null) : body;
        return statistics.compute(project, given.views() == null ? null
                : ListField.copy("views", given.views()), InstantField.parse("start", given.start()),
                InstantField.parse("end", given.end()), ProgressListener.NONE, AccessInterceptor.current());
    }
}
