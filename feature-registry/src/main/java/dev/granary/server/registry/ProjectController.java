package dev.granary.server.registry;

import dev.granary.registry.ProjectNotFoundException;
import dev.granary.registry.ProjectSummary;
import dev.granary.registry.Registry;
import dev.granary.registry.VersionDetail;
import dev.granary.registry.VersionSummary;
import dev.granary.security.AccessInterceptor;
import dev.granary.security.AuditLog;
import dev.granary.security.Caller;
import dev.granary.security.Role;
import dev.granary.spec.json.SpecJson;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Projects, their current spec, their versions and rollback. */
@RestController
@RequestMapping(path = "/api/v1/projects", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectController {
    private final Registry registry;
    private final AuditLog audit;

    ProjectController(Registry registry, AuditLog audit) {
        this.registry = registry;
        this.audit = audit;
    }

    /** The projects the caller may read (all when security is off). */
    @GetMapping
    List<ProjectSummary> projects() {
        Caller caller = AccessInterceptor.current();
        return registry.projects().stream().filter(p -> caller.may(p.name(), Role.READER)).toList();
    }

    /** The current spec in its canonical JSON, exactly what {@code granary plan} would compare against. */
    @GetMapping("/{project}")
    ResponseEntity<String> current(@PathVariable String project) {
        VersionDetail current = registry.current(project).orElseThrow(() -> new ProjectNotFoundException(project));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Granary-Version", Integer.toString(current.version()))
                .body(SpecJson.write(current.spec()));
    }

    @GetMapping("/{project}/versions")
    List<VersionSummary> versions(@PathVariable String project) {
        List<VersionSummary> history = registry.history(project);
        if (history.isEmpty()) {
            throw new ProjectNotFoundException(project);
        }
        return history;
    }

    @GetMapping("/{project}/versions/{version}")
    VersionResponse version(@PathVariable String project, @PathVariable int version) {
        return VersionResponse.of(registry.version(project, version));
    }

    @PostMapping("/{project}/rollback/{version}")
    ApplyResponse rollback(@PathVariable String project, @PathVariable int version,
                           @RequestHeader(name = SpecController.AUTHOR_HEADER, required = false) String authorHeader,
                           @RequestParam(required = false) String author) {
        Caller caller = AccessInterceptor.current();
        String by = caller.author(Authors.of(author, authorHeader));
        try {
            var applied = registry.rollback(project, version, by);
            audit.record(AuditLog.actor(caller, by), project, "rollback", "to version " + version + " as version "
                    + applied.version(), applied.changed() ? "APPLIED" : "UNCHANGED", null);
            return ApplyResponse.of(applied);
        } catch (RuntimeException e) {
            audit.record(AuditLog.actor(caller, by), project, "rollback", "to version " + version, "FAILED",
                    e.getMessage());
            throw e;
        }
    }
}
