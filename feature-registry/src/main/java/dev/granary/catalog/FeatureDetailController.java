package dev.granary.catalog;

import dev.granary.security.AccessInterceptor;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/projects/{project}/features/{view}/{feature}}: the {@link FeatureDetail}. */
@RestController
class FeatureDetailController {
    private final FeatureDetails details;

    FeatureDetailController(FeatureDetails details) {
        this.details = details;
    }

    @GetMapping(path = "/api/v1/projects/{project}/features/{view}/{feature}", produces = MediaType.APPLICATION_JSON_VALUE)
    FeatureDetail feature(@PathVariable String project, @PathVariable String view, @PathVariable String feature) {
        return details.detail(project, view, feature, AccessInterceptor.current());
    }
}
