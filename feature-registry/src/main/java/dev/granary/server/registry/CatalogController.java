package dev.granary.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.error.NotFoundException;
import dev.granary.registry.ProjectNotFoundException;
import dev.granary.registry.Registry;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.json.SpecJson;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Read-only parts of a project's current spec, in the canonical JSON shape. */
@RestController
@RequestMapping(path = "/api/v1/projects/{project}", produces = MediaType.APPLICATION_JSON_VALUE)
class CatalogController {
    private final Registry registry;

    CatalogController(Registry registry) {
        this.registry = registry;
    }

    @GetMapping("/entities")
    JsonNode entities(@PathVariable String project) {
        return canonical(project).path("entities");
    }

    @GetMapping("/sources")
    JsonNode sources(@PathVariable String project) {
        return canonical(project).path("sources");
    }

    @GetMapping("/feature-views")
    JsonNode featureViews(@PathVariable String project) {
        return canonical(project).path("featureViews");
    }

    @GetMapping("/feature-views/{name}")
    JsonNode featureView(@PathVariable String project, @PathVariable String name) {
        for (JsonNode view : canonical(project).path("featureViews")) {
            if (name.equals(view.path("name").asText())) {
                return view;
            }
        }
        throw new NotFoundException("name", "Project '" + project + "' has no feature view '" + name
                + "'; GET /api/v1/projects/" + project + "/feature-views lists them");
    }

    @GetMapping("/feature-services")
    JsonNode featureServices(@PathVariable String project) {
        return canonical(project).path("featureServices");
    }

    private JsonNode canonical(String project) {
        RepoSpec spec = registry.current(project).orElseThrow(() -> new ProjectNotFoundException(project)).spec();
        return SpecJson.toTree(spec);
    }
}
