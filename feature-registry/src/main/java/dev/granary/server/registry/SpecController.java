package dev.granary.server.registry;

import dev.granary.offline.ProgressListener;
import dev.granary.registry.Applied;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.CheckedRegistry;
import dev.granary.security.AccessInterceptor;
import dev.granary.security.AuditLog;
import dev.granary.security.Caller;
import dev.granary.security.Role;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.json.SpecJson;
import dev.granary.statistics.StatisticsService;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
 * {@code stats=true} then computes the project's feature statistics; their failure does not undo the version and
 * is reported in the {@value #STATISTICS_ERROR_HEADER} header.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class SpecController {
    static final String AUTHOR_HEADER = "X-Granary-Author";

    static final String STATISTICS_ERROR_HEADER = "X-Granary-Statistics-Error";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SpecController.class);

    private final CheckedRegistry registry;
    private final StatisticsService statistics;
    private final AuditLog audit;

    SpecController(CheckedRegistry registry, StatisticsService statistics, AuditLog audit) {
        this.registry = registry;
        this.statistics = statistics;
        this.audit = audit;
    }

    @PostMapping(path = "/plan", consumes = MediaType.APPLICATION_JSON_VALUE)
    PlanResponse plan(@RequestBody String body, @RequestParam(defaultValue = "false") boolean skipDataChecks) {
        RepoSpec spec = SpecJson.read(body);
        AccessInterceptor.current().require(spec.project(), Role.READER);
        return PlanResponse.of(registry(skipDataChecks).plan(spec));
    }

    @PostMapping(path = "/apply", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApplyResponse> apply(@RequestBody String body,
                        @RequestHeader(name = AUTHOR_HEADER, required = false) String authorHeader,
                        @RequestParam(required = false) String author,
                        @RequestParam(required = false) Integer basedOnVersion,
                        @RequestParam(defaultValue = "false") boolean force,
                        @RequestParam(required = false) String message,
                        @RequestParam(defaultValue = "false") boolean skipDataChecks,
                        @RequestParam(defaultValue = "false") boolean stats) {
        Caller caller = AccessInterceptor.current();
        RepoSpec spec = SpecJson.read(body);
        caller.require(spec.project(), Role.WRITER);
        String by = caller.author(Authors.of(author, authorHeader));
        ApplyOptions options = new ApplyOptions(by, basedOnVersion, force, message);
        Applied applied;
        try {
            applied = registry(skipDataChecks).apply(spec, options);
        } catch (RuntimeException e) {
            audit.record(AuditLog.actor(caller, by), spec.project(), "apply", null, "FAILED", e.getMessage());
            throw e;
        }
        audit.record(AuditLog.actor(caller, by), applied.project(), "apply", "version " + applied.version(),
                applied.changed() ? "APPLIED" : "UNCHANGED", null);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (stats) {
            // the version is stored whatever happens here: a statistics failure is reported, not turned into one
            try {
                statistics.compute(applied.project(), null, null, null, ProgressListener.NONE);
            } catch (RuntimeException e) {
                LOG.warn("statistics after applying {} version {} failed", applied.project(), applied.version(), e);
                response.header(STATISTICS_ERROR_HEADER, String.valueOf(e.getMessage()).replaceAll("[\\r\\n]+", " "));
            }
        }
        return response.body(ApplyResponse.of(applied));
    }

    private CheckedRegistry registry(boolean skipDataChecks) {
        return skipDataChecks ? registry.withoutDataChecks() : registry;
    }
}
