package dev.granary.serving;

import dev.granary.registry.RegistryListener;
import dev.granary.spec.RepoSpec;

/**
 * Hands versions stored in this process to the serving spec cache at once, so a lookup right after an apply or a
 * rollback through this server sees the new spec (versions stored elsewhere arrive with the cache's periodic
 * refresh). A holder without dependencies, because the registry bean needs its listeners before the cache, which
 * needs the registry, exists.
 */
final class SpecChanges implements RegistryListener {
    private volatile CurrentSpecs specs;

    void attach(CurrentSpecs cache) {
        this.specs = cache;
    }

    @Override
    public void versionStored(String project, int version, RepoSpec spec) {
        CurrentSpecs cache = specs;
        if (cache != null) {
            cache.put(project, version, spec);
        }
    }
}
