package dev.granary.registry;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.diff.SpecDiff;

/**
 * The outcome of an apply or a rollback.
 *
 * @param project the project
 * @param version the new version, or the current one when nothing changed (0 if the project has none)
 * @param changed whether a new version was stored
 * @param diff    the changes from the previous version (empty when nothing changed)
 */
public record Applied(String project, int version, boolean changed, SpecDiff diff) {
    public Applied {
        requireNonNull(project, "project is null");
        requireNonNull(diff, "diff is null");
    }
}
