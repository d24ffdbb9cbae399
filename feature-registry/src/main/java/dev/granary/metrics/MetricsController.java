package dev.granary.metrics;

import dev.granary.security.AccessInterceptor;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /metrics} on the main port: every metric in Prometheus' text format. */
@RestController
class MetricsController {
    private final GranaryMetrics metrics;

    MetricsController(GranaryMetrics metrics) {
        this.metrics = metrics;
    }

    @GetMapping(MetricsEndpoint.PATH)
    void metrics(HttpServletResponse response) throws IOException {
        MetricsEndpoint.admit(AccessInterceptor.current());
        response.setContentType(GranaryMetrics.CONTENT_TYPE);
        metrics.scrape(response.getOutputStream());
    }
}
