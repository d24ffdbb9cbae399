package dev.granary.cli;

import dev.granary.catalog.CatalogSync;
import dev.granary.catalog.SearchParameters;
import dev.granary.catalog.SearchResponse;
import dev.granary.cli.backend.FeatureLookup;
import dev.granary.cli.backend.PlannedChange;
import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.cli.backend.StoredVersion;
import dev.granary.client.lookup.LookupResult;
import dev.granary.export.ReplayRequest;
import dev.granary.export.TrainingSet;
import dev.granary.security.AuditLog;
import dev.granary.export.TrainingSetRequest;
import dev.granary.materialization.MaterializationJobs;
import dev.granary.materialization.MaterializationProgress;
import dev.granary.materialization.MaterializationResult;
import dev.granary.materialization.MaterializeRequest;
import dev.granary.materialization.Materializer;
import dev.granary.offline.ProgressListener;
import dev.granary.online.FeatureValue;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.ProjectSummary;
import dev.granary.registry.VersionSummary;
import dev.granary.serving.OnlineFeatureService;
import dev.granary.serving.OnlineQuery;
import dev.granary.spec.RepoSpec;
import dev.granary.statistics.StatisticsAfterMaterialization;
import dev.granary.health.HealthReport;
import dev.granary.health.HealthRequest;
import dev.granary.statistics.StoredStatistics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link RepositoryBackend} on the stores of a {@link Workspace}, opened in the CLI process on first use and
 * closed with the workspace by the command that opened it: what every command did before forwarding existed, and still does when no server owns the stores.
 * Applies, rollbacks, materializations and exports are recorded in the registry's audit log as the local OS user
 * (no token is needed here: the user owns the files), as {@code granary serve} records them for a token.
 */
final class LocalRepositoryBackend implements RepositoryBackend {
    private final Workspace workspace;

    LocalRepositoryBackend(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public PlannedChange plan(RepoSpec spec, boolean checkData) {
        return PlannedChange.of(workspace.registry(checkData).plan(spec));
    }

    /** Who a local command is in the audit log: the OS user, as {@code granary token} records it. */
    static String actor() {
        return "local " + System.getProperty("user.name", "user");
    }

    @Override
    public StoredVersion apply(RepoSpec spec, ApplyOptions options, boolean checkData) {
        StoredVersion applied;
        try {
            applied = StoredVersion.of(workspace.registry(checkData).apply(spec, options));
        } catch (RuntimeException e) {
            audit(spec.project(), "apply", null, "FAILED", e.getMessage());
            throw e;
        }
        audit(applied.project(), "apply", "version " + applied.version(), applied.changed() ? "APPLIED" : "UNCHANGED",
                "author " + options.author());
        return applied;
    }

    @Override
    public List<VersionSummary> history(String project) {
        return workspace.registry().history(project);
    }

    @Override
    public StoredVersion rollback(String project, int version, String author) {
        StoredVersion applied;
        try {
            applied = StoredVersion.of(workspace.registry().rollback(project, version, author));
        } catch (RuntimeException e) {
            audit(project, "rollback", "to version " + version, "FAILED", e.getMessage());
            throw e;
        }
        audit(project, "rollback", "to version " + version + " as version " + applied.version(),
                applied.changed() ? "APPLIED" : "UNCHANGED", "author " + author);
        return applied;
    }

    @Override
    public List<String> projects() {
        return workspace.registry().projects().stream().map(ProjectSummary::name).toList();
    }

    @Override
    public String defaultProject(String configured) {
        // one look-up in the common case, as before: the configured project exists
        return workspace.registry().currentVersion(configured) > 0 ? configured
                : RepositoryBackend.super.defaultProject(configured);
    }

    @Override
    public MaterializationResult materialize(MaterializeRequest request, MaterializationProgress progress) {
        Materializer materializer = workspace.materializer();
        try (MaterializationJobs jobs = MaterializationJobs.create(materializer, workspace.registryDataSource(), 1,
                List.of(new StatisticsAfterMaterialization(workspace.statistics())))) {
            MaterializationResult result = jobs.run(request, progress);
            audit(request.project(), request.incremental() ? "materialize-incremental" : "materialize",
                    String.join(",", result.views().stream().map(v -> v.view()).toList()), "DONE", null);
            return result;
        } catch (RuntimeException e) {
            audit(request.project(), request.incremental() ? "materialize-incremental" : "materialize", null,
                    "FAILED", e.getMessage());
            throw e;
        }
    }

    @Override
    public TrainingSet export(TrainingSetRequest request, ProgressListener progress) {
        TrainingSet set;
        try {
            set = workspace.trainingSets().export(request, progress);
        } catch (RuntimeException e) {
            audit(request.project(), "export", String.valueOf(request.output()), "FAILED", e.getMessage());
            throw e;
        }
        audit(request.project(), "export", "training set " + set.id() + " to " + set.output(), "DONE",
                set.rowCount() + " rows of " + String.join(",", set.features()));
        return set;
    }

    /** A row of the audit log; a failure to write it is logged by {@link AuditLog} and never fails the command. */
    private void audit(String project, String action, String target, String result, String detail) {
        new AuditLog(workspace.registryDataSource()).record(actor(), project, action, target, result, detail);
    }

    @Override
    public TrainingSet replay(ReplayRequest request, ProgressListener progress) {
        return workspace.trainingSets().replay(request, progress);
    }

    @Override
    public FeatureLookup lookup(OnlineQuery query, Map<String, String> entity) {
        try (OnlineFeatureService service = workspace.onlineFeatures(query.project())) {
            LookupResult result = service.lookupText(query, entity);
            List<FeatureLookup.Key> keys = new ArrayList<>();
            for (int k = 0; k < result.entityNames().size(); k++) {
                keys.add(new FeatureLookup.Key(result.entityNames().get(k), result.entityColumns().get(k).get(0)));
            }
            List<FeatureLookup.Feature> features = new ArrayList<>();
            List<FeatureValue> row = result.rows().getFirst();
            for (int f = 0; f < row.size(); f++) {
                FeatureValue value = row.get(f);
                features.add(new FeatureLookup.Feature(result.featureNames().get(f), value.value(),
                        value.status().name(), value.eventTime()));
            }
            return new FeatureLookup(keys, features);
        }
    }

    @Override
    public SearchResponse search(SearchParameters parameters) {
        CatalogSync catalog = workspace.catalog();
        catalog.rebuildStale();
        return SearchResponse.of(catalog.search(parameters.toQuery()));
    }

    @Override
    public List<StoredStatistics> statistics(String project, List<String> views, Instant start, Instant end,
                                             ProgressListener progress) {
        return workspace.statistics().compute(project, views, start, end, progress);
    }

    @Override
    public HealthReport health(HealthRequest request) {
        return workspace.health().check(request);
    }

    @Override
    public void close() {
        // nothing of its own: the command that opened the workspace closes it (closing it here too did it twice)
    }
}
