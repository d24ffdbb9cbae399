package dev.granary.cli.backend;

import dev.granary.export.ReplayRequest;
import dev.granary.export.TrainingSet;
import dev.granary.export.TrainingSetRequest;
import dev.granary.materialization.MaterializationProgress;
import dev.granary.materialization.MaterializationResult;
import dev.granary.materialization.MaterializeRequest;
import dev.granary.catalog.SearchParameters;
import dev.granary.catalog.SearchResponse;
import dev.granary.offline.ProgressListener;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.VersionSummary;
import dev.granary.serving.OnlineQuery;
import dev.granary.spec.RepoSpec;
import dev.granary.health.HealthReport;
import dev.granary.health.HealthRequest;
import dev.granary.statistics.StoredStatistics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a CLI command's work on one feature repository is done: on the stores opened in the CLI process, or by
 * the {@code granary serve} that owns them. Specs are compiled by the caller; this door receives canonical specs.
 *
 * <p>Failures, whichever implementation: a {@link dev.granary.error.GranaryException} whose exit code is 2 for
 * bad input (an unknown project, feature, view or version; an invalid spec; a breaking change without force)
 * and 1 otherwise. A forwarding implementation raises {@link ServerRejectedException} carrying the server's
 * message and field, {@link ServerUnreachableException} when the server does not answer and
 * {@link JobFailedException} when a job it ran failed. No method prints anything; progress goes to the
 * listener given.
 */
public interface RepositoryBackend extends AutoCloseable {
    /** Validates {@code spec} (and, with {@code checkData}, its Parquet data) and diffs it against the registry. */
    PlannedChange plan(RepoSpec spec, boolean checkData);

    /** As {@link #plan}, then stores the spec as a new version if it changed. */
    StoredVersion apply(RepoSpec spec, ApplyOptions options, boolean checkData);

    /** The project's versions, newest first; empty when the project has none. */
    List<VersionSummary> history(String project);

    /** Makes {@code version}'s spec current as a new version (or answers unchanged when it already is). */
    StoredVersion rollback(String project, int version, String author);

    /** The names of the projects that have a version. */
    List<String> projects();

    /**
     * The project a command works on when none is named: {@code configured} when the registry has it, else the
     * registry's only project, else {@code configured} (whose absence the command then reports).
     */
    default String defaultProject(String configured) {
        List<String> names = projects();
        return names.contains(configured) || names.size() != 1 ? configured : names.getFirst();
    }

    /** Runs a materialization to its end, reporting progress; a failed run throws. */
    MaterializationResult materialize(MaterializeRequest request, MaterializationProgress progress);

    /** Writes a point-in-time training set (paths in the request are absolute) and records it. */
    TrainingSet export(TrainingSetRequest request, ProgressListener progress);

    /** Rebuilds a recorded training set into a new output (an absolute path) and records the rebuilt set. */
    TrainingSet replay(ReplayRequest request, ProgressListener progress);

    /**
     * Looks up the online features of one entity, given as text ({@code driver_id -> "1001"}): each value is
     * converted to its join key's type, field {@code --entity} when it does not parse.
     */
    FeatureLookup lookup(OnlineQuery query, Map<String, String> entity);

    /** Searches the catalog (brought up to date with the registry first). */
    SearchResponse search(SearchParameters parameters);

    /** Computes and stores the statistics of the project's features ({@code views} null: every view). */
    List<StoredStatistics> statistics(String project, List<String> views, Instant start, Instant end,
                                      ProgressListener progress);

    /** Checks the health of a feature service ({@code docs/health.md}). */
    HealthReport health(HealthRequest request);

    /** Releases what the backend opened (stores, connections). */
    @Override
    void close();
}
