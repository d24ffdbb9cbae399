package dev.granary.registry;

import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecInvalidException;
import java.util.List;
import java.util.Optional;

/**
 * The versioned registry of project specs. Versions of a project are numbered 1, 2, 3...; each records the
 * whole spec, who applied it, when, and the diff from the version before. Applying an unchanged spec creates
 * nothing. Applies of one project are serialized by the database, so concurrent applies never lose an update:
 * every successful apply gets its own version. A failed call leaves the registry as it was.
 *
 * <p>Every method may throw {@link dev.granary.error.StorageException} when the database fails.
 */
public interface Registry {
    /**
     * Validates the spec and diffs it against the project's current version (an empty spec if none).
     *
     * @throws SpecInvalidException with every error when the spec is invalid
     */
    Plan plan(RepoSpec spec);

    /**
     * Validates the spec and stores it as the project's next version if it differs from the current one.
     *
     * @return the new version, or the current one with {@code changed == false} when nothing changed
     * @throws SpecInvalidException with every error when the spec is invalid
     * @throws StaleVersionException when {@code options.basedOnVersion()} is given and is not the current version
     * @throws BreakingChangeException when the diff has breaking changes and {@code options.force()} is false
     */
    Applied apply(RepoSpec spec, ApplyOptions options);

    /** The versions of a project, newest first; empty when the project has none. */
    List<VersionSummary> history(String project);

    /**
     * One version with its spec and its diff from the version before.
     *
     * @throws VersionNotFoundException when the project has no such version
     */
    VersionDetail version(String project, int number);

    /** The current version of a project, or empty when nothing was ever applied to it. */
    Optional<VersionDetail> current(String project);

    /**
     * The number and spec of a project's current version without its diff from the version before (what lookups
     * serve), or empty when nothing was ever applied to it.
     */
    default Optional<CurrentSpec> currentSpec(String project) {
        return current(project).map(detail -> new CurrentSpec(detail.version(), detail.spec()));
    }

    /**
     * The number of a project's current version, 0 when nothing was ever applied to it: one indexed read, for
     * callers that poll for a new version without reading specs.
     */
    int currentVersion(String project);

    /**
     * Makes the spec of an earlier version current again, as a new version (history is never rewritten).
     * Breaking changes are allowed: asking for the rollback is the confirmation.
     *
     * @return the new version, or the current one with {@code changed == false} if it already has that spec
     * @throws VersionNotFoundException when the project has no such version
     */
    Applied rollback(String project, int number, String author);

    /** Every project with at least one version, by name. */
    List<ProjectSummary> projects();
}
