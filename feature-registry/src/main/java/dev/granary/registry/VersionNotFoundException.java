package dev.granary.registry;

import dev.granary.error.NotFoundException;

/** A version number that a project does not have. HTTP 404, exit code 2. */
public class VersionNotFoundException extends NotFoundException {
    public VersionNotFoundException(String project, int version, int currentVersion) {
        super("version", currentVersion == 0
                ? "Project '" + project + "' has no versions yet; run 'granary apply' first"
                : "Project '" + project + "' has no version " + version + "; versions are 1 to " + currentVersion
                        + " (see 'granary history')");
    }
}
