package dev.granary.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A project of the registry: its current version and when it last changed. */
public record ProjectSummary(String name, int currentVersion, Instant updatedAt) {
    public ProjectSummary {
        requireNonNull(name, "name is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
