package dev.granary.registry;

import dev.granary.error.NotFoundException;

/** A project with no version in the registry. HTTP 404, exit code 2. */
public class ProjectNotFoundException extends NotFoundException {
    public ProjectNotFoundException(String project) {
        super("project", "Project '" + project + "' is not in the registry; apply its definitions first"
                + " ('granary apply') or check the name (GET /api/v1/projects lists them)");
    }
}
