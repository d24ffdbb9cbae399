package dev.granary.registry;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.RepoSpec;

/**
 * A project's current version: its number and the spec stored at it.
 *
 * @param version the version number, 1 or more
 * @param spec    the spec stored at that version
 */
public record CurrentSpec(int version, RepoSpec spec) {
    public CurrentSpec {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, not " + version);
        }
        requireNonNull(spec, "spec is null");
    }
}
