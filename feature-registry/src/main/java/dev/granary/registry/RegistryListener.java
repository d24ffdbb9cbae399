package dev.granary.registry;

import dev.granary.spec.RepoSpec;

/**
 * Told about every new registry version (an apply that changed the spec, or a rollback), after it is stored.
 * The catalog keeps itself in step this way. A listener that fails does not undo the version: the registry is
 * the source of truth, and listeners must be able to catch up from it (the catalog is rebuilt when stale).
 */
@FunctionalInterface
public interface RegistryListener {
    void versionStored(String project, int version, RepoSpec spec);
}
