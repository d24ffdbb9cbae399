package dev.granary.registry;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.diff.SpecDiff;
import dev.granary.spec.SpecError;
import java.util.List;

/**
 * What applying a spec would do.
 *
 * @param project        the project
 * @param currentVersion the version the diff is against; 0 when the project has none yet. Pass it back as
 *                       {@link ApplyOptions#basedOnVersion()} to apply exactly what was planned
 * @param diff           the changes from the current version
 * @param warnings       things to know before applying (e.g. breaking changes that need force)
 */
public record Plan(String project, int currentVersion, SpecDiff diff, List<SpecError> warnings) {
    public Plan {
        requireNonNull(project, "project is null");
        requireNonNull(diff, "diff is null");
        warnings = List.copyOf(warnings);
    }
}
