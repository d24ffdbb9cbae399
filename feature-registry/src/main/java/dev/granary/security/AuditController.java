package dev.granary.security;

import dev.granary.error.BadRequestException;
import dev.granary.error.InstantField;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit?since=&project=&limit=}: the audit log, newest first, for admins (a project admin sees
 * its project's rows only).
 */
@RestController
class AuditController {
    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    List<AuditLog.Entry> read(@RequestParam(required = false) String since,
                              @RequestParam(required = false) String project,
                              @RequestParam(defaultValue = "200") int limit) {
        Caller caller = AccessInterceptor.current();
        String own = caller.token().map(ApiToken::project).filter(p -> !p.equals(ApiToken.ALL_PROJECTS)).orElse(null);
        if (own != null) {
            caller.require(project == null ? own : project, Role.ADMIN);
        }
        if (limit < 1 || limit > 10_000) {
            throw new BadRequestException("limit", "limit is " + limit + "; use a value from 1 to 10000");
        }
        Instant from = InstantField.parse("since", since);
        return audit.read(from, own != null ? own : project, limit);
    }
}
