package dev.granary.cli.backend;

import static java.util.Objects.requireNonNull;

import dev.granary.registry.Applied;

/**
 * The outcome of an apply or a rollback: the version now current and whether it is new.
 *
 * @param diffText the readable diff from the previous version (as {@code SpecDiff.render()})
 */
public record StoredVersion(String project, int version, boolean changed, String diffText) {
    public StoredVersion {
        requireNonNull(project, "project is null");
        requireNonNull(diffText, "diffText is null");
    }

    public static StoredVersion of(Applied applied) {
        return new StoredVersion(applied.project(), applied.version(), applied.changed(), applied.diff().render());
    }
}
