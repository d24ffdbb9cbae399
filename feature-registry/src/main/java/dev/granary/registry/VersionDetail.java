package dev.granary.registry;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.RepoSpec;
import dev.granary.spec.diff.SpecDiff;

/**
 * One version with its whole spec.
 *
 * @param project the project
 * @param summary number, author, time, summary
 * @param spec    the spec stored at that version
 * @param diff    the changes from the version before (from an empty spec for version 1)
 */
public record VersionDetail(String project, VersionSummary summary, RepoSpec spec, SpecDiff diff) {
    public VersionDetail {
        requireNonNull(project, "project is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(diff, "diff is null");
    }

    public int version() {
        return summary.version();
    }
}
