package dev.granary.security;

import static java.util.Objects.requireNonNull;

import dev.granary.registry.Applied;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.Plan;
import dev.granary.registry.ProjectSummary;
import dev.granary.registry.Registry;
import dev.granary.registry.VersionDetail;
import dev.granary.registry.VersionSummary;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecError;
import dev.granary.spec.SpecInvalidException;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Registry} of the server that refuses, with {@link SpecInvalidException} at {@code sources[s].path}, a
 * spec whose source paths leave {@code offline.root}: on plan, on apply (whether or not data checks run) and on
 * rollback to a version stored before (for example by a local command). Reads pass through.
 */
public final class ConfinedRegistry implements Registry {
    private final Registry delegate;
    private final ConfinedFiles files;

    public ConfinedRegistry(Registry delegate, ConfinedFiles files) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.files = requireNonNull(files, "files is null");
    }

    @Override
    public Plan plan(RepoSpec spec) {
        return delegate.plan(confined(spec));
    }

    @Override
    public Applied apply(RepoSpec spec, ApplyOptions options) {
        return delegate.apply(confined(spec), options);
    }

    @Override
    public Applied rollback(String project, int number, String author) {
        confined(delegate.version(project, number).spec());
        return delegate.rollback(project, number, author);
    }

    @Override
    public List<VersionSummary> history(String project) {
        return delegate.history(project);
    }

    @Override
    public VersionDetail version(String project, int number) {
        return delegate.version(project, number);
    }

    @Override
    public Optional<VersionDetail> current(String project) {
        return delegate.current(project);
    }

    @Override
    public int currentVersion(String project) {
        return delegate.currentVersion(project);
    }

    @Override
    public List<ProjectSummary> projects() {
        return delegate.projects();
    }

    private RepoSpec confined(RepoSpec spec) {
        List<SpecError> refused = files.check(spec);
        if (!refused.isEmpty()) {
            throw new SpecInvalidException(refused);
        }
        return spec;
    }
}
