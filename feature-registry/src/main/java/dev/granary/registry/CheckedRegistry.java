package dev.granary.registry;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecError;
import dev.granary.spec.SpecInvalidException;
import dev.granary.spec.validation.SpecValidator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Registry} the CLI and the service use: before plan and apply it validates the spec, checks it against
 * the caller's policy (the server's: source paths inside {@code offline.root}) and against its data (paths, columns,
 * types: checks a spec alone cannot make); after a new version is stored it tells the {@link RegistryListener}s.
 * The policy holds on every write: on apply without data checks, and on rollback to a version stored before (for
 * example by a local command). Storage itself is the delegate's.
 */
public final class CheckedRegistry implements Registry {
    private static final Logger LOG = LoggerFactory.getLogger(CheckedRegistry.class);

    private final Registry delegate;
    private final Function<RepoSpec, List<SpecError>> policy;
    private final Function<RepoSpec, List<SpecError>> dataChecks;
    private final List<RegistryListener> listeners;

    /**
     * @param policy     returns every problem of a valid spec by the caller's rules, without reading data
     *                   ({@code spec -> List.of()} for none)
     * @param dataChecks returns every problem of a valid spec's data (for example
     *                   {@code OfflineEngine.checkSources}); {@code spec -> List.of()} to skip them
     */
    public CheckedRegistry(Registry delegate, Function<RepoSpec, List<SpecError>> policy,
                           Function<RepoSpec, List<SpecError>> dataChecks, List<RegistryListener> listeners) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.dataChecks = requireNonNull(dataChecks, "dataChecks is null");
        this.listeners = List.copyOf(listeners);
    }

    /** This registry without the data checks (validation and policy stay), for data not reachable from here. */
    public CheckedRegistry withoutDataChecks() {
        return new CheckedRegistry(delegate, policy, spec -> List.of(), listeners);
    }

    @Override
    public Plan plan(RepoSpec spec) {
        return delegate.plan(check(spec));
    }

    @Override
    public Applied apply(RepoSpec spec, ApplyOptions options) {
        return announce(delegate.apply(check(spec), options), spec);
    }

    @Override
    public Applied rollback(String project, int number, String author) {
        refuse(policy.apply(delegate.version(project, number).spec()));
        Applied applied = delegate.rollback(project, number, author);
        return applied.changed() ? announce(applied, delegate.version(project, applied.version()).spec()) : applied;
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
    public Optional<CurrentSpec> currentSpec(String project) {
        return delegate.currentSpec(project);
    }

    @Override
    public int currentVersion(String project) {
        return delegate.currentVersion(project);
    }

    @Override
    public List<ProjectSummary> projects() {
        return delegate.projects();
    }

    private RepoSpec check(RepoSpec spec) {
        SpecValidator.requireValid(spec);
        refuse(policy.apply(spec));
        refuse(dataChecks.apply(spec)); // after the policy: data checks read the files a spec names
        return spec;
    }

    private static void refuse(List<SpecError> errors) {
        if (!errors.isEmpty()) {
            throw new SpecInvalidException(errors);
        }
    }

    private Applied announce(Applied applied, RepoSpec spec) {
        if (!applied.changed()) {
            return applied;
        }
        for (RegistryListener listener : listeners) {
            try {
                listener.versionStored(applied.project(), applied.version(), spec);
            } catch (RuntimeException e) {
                LOG.warn("version {} of project {} is stored, but a listener failed: {}", applied.version(),
                        applied.project(), e.toString());
            }
        }
        return applied;
    }
}
