package dev.granary.server.registry;

import dev.granary.registry.ApplyOptions;
import dev.granary.registry.CheckedRegistry;
import dev.granary.spec.json.SpecJson;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/plan} and {@code POST /api/v1/apply}: the body is a canonical spec, read with
 * {@link SpecJson} so that every structural error is reported at once, then validated and checked against its
 * Parquet data ({@code skipDataChecks=true} skips the latter, as {@code granary apply --skip-data-checks}).
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class SpecController {
    static final String AUTHOR_HEADER = "X-Granary-Author";

    private final CheckedRegistry registry;

    SpecController(CheckedRegistry registry) {
        this.registry = registry;
    }

    @PostMapping(path = "/plan", consumes = MediaType.APPLICATION_JSON_VALUE)
    PlanResponse plan(@RequestBody String body, @RequestParam(defaultValue = "false") boolean skipDataChecks) {
        return PlanResponse.of(registry(skipDataChecks).plan(SpecJson.read(body)));
    }

    @PostMapping(path = "/apply", consumes = MediaType.APPLICATION_JSON_VALUE)
    ApplyResponse apply(@RequestBody String body,
                        @RequestHeader(name = AUTHOR_HEADER, required = false) String authorHeader,
                        @RequestParam(required = false) String author,
                        @RequestParam(required = false) Integer basedOnVersion,
                        @RequestParam(defaultValue = "false") boolean force,
                        @RequestParam(required = false) String message,
                        @RequestParam(defaultValue = "false") boolean skipDataChecks) {
        ApplyOptions options = new ApplyOptions(Authors.of(author, authorHeader), basedOnVersion, force, message);
        return ApplyResponse.of(registry(skipDataChecks).apply(SpecJson.read(body), options));
    }

    private CheckedRegistry registry(boolean skipDataChecks) {
        return skipDataChecks ? registry.withoutDataChecks() : registry;
    }
}
