package dev.granary.serving;

import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import dev.granary.registry.CurrentSpec;
import dev.granary.registry.ProjectNotFoundException;
import dev.granary.registry.ProjectSummary;
import dev.granary.registry.Registry;
import dev.granary.spec.RepoSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The current spec of each project, cached so a lookup does not read the registry: a cached spec older than
 * {@code maxAgeNanos} is refreshed in the background while the old one keeps serving, so an apply reaches
 * lookups within about that time and no request waits for the database after the first.
 */
final class CurrentSpecs {
    /** A project's current spec and its version number (the cache key of plans built on it). */
    record Snapshot(RepoSpec spec, int version) {
    }

    private record Entry(Snapshot snapshot, long loadedAt, AtomicBoolean refreshing) {
    }

    private final Registry registry;
    private final String defaultProject;
    private final long maxAgeNanos;
    private final Executor refresher;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private volatile List<String> projects;
    private volatile long projectsLoadedAt;

    /** A cached spec is refreshed after 1 s, in the background on the common pool. */
    static CurrentSpecs create(Registry registry, String defaultProject) {
        return new CurrentSpecs(registry, defaultProject, TimeUnit.SECONDS.toNanos(1), ForkJoinPool.commonPool());
    }

    CurrentSpecs(Registry registry, String defaultProject, long maxAgeNanos, Executor refresher) {
        this.registry = requireNonNull(registry, "registry is null");
        this.defaultProject = requireNonNull(defaultProject, "defaultProject is null");
        this.maxAgeNanos = maxAgeNanos;
        this.refresher = requireNonNull(refresher, "refresher is null");
    }

    /**
     * The current spec of {@code project}, or when it is null of the configured project if it has one, else of
     * the only project in the registry.
     *
     * @throws ProjectNotFoundException when the project has no version
     * @throws BadRequestException naming {@code project} when none is given and it cannot be chosen
     */
    Snapshot get(String project) {
        String name = project != null ? project : chooseProject();
        Entry entry = cache.get(name);
        long now = System.nanoTime();
        if (entry == null) {
            Snapshot loaded = load(name);
            cache.put(name, new Entry(loaded, now, new AtomicBoolean()));
            return loaded;
        }
        if (now - entry.loadedAt() > maxAgeNanos && entry.refreshing().compareAndSet(false, true)) {
            refresher.execute(() -> {
                try {
                    // the version number first (one indexed read): reading and parsing the whole spec, or even
                    // listing every project, every second cost the serving machine a CPU burst each time, for a
                    // spec that rarely changes
                    Snapshot fresh = registry.currentVersion(name) == entry.snapshot().version()
                            ? entry.snapshot() : load(name);
                    cache.put(name, new Entry(fresh, System.nanoTime(), new AtomicBoolean()));
                } catch (RuntimeException e) {
                    entry.refreshing().set(false);
                }
            });
        }
        return entry.snapshot();
    }

    /** Takes a version just stored (unless a newer one is cached), so lookups use it from now on. */
    void put(String project, int version, RepoSpec spec) {
        Snapshot snapshot = new Snapshot(spec, version);
        cache.merge(project, new Entry(snapshot, System.nanoTime(), new AtomicBoolean()),
                (old, fresh) -> old.snapshot().version() > version ? old : fresh);
        projects = null;
    }

    /** Drops the cache so the next lookup reads the registry. */
    void invalidate() {
        cache.clear();
        projects = null;
    }

    private Snapshot load(String project) {
        CurrentSpec current = registry.currentSpec(project).orElseThrow(() -> new ProjectNotFoundException(project));
        return new Snapshot(current.spec(), current.version());
    }

    private String chooseProject() {
        if (cache.containsKey(defaultProject)) {
            return defaultProject;
        }
        List<String> names = projects;
        if (names == null || System.nanoTime() - projectsLoadedAt > maxAgeNanos) {
            names = registry.projects().stream().map(ProjectSummary::name).toList();
            projects = names;
            projectsLoadedAt = System.nanoTime();
        }
        if (names.contains(defaultProject)) {
            return defaultProject;
        }
        if (names.size() == 1) {
            return names.getFirst();
        }
        throw new BadRequestException("project", names.isEmpty()
                ? "The registry holds no project yet; run 'granary apply' first"
                : "Project '" + defaultProject + "' (the configured one) is not in the registry and there are several"
                + " projects " + names + "; name one in the request's 'project' field");
    }
}
