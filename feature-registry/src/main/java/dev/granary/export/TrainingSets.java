package dev.granary.export;

import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import dev.granary.offline.ExportRequest;
import dev.granary.offline.ExportResult;
import dev.granary.offline.OfflineEngine;
import dev.granary.offline.OfflineStoreException;
import dev.granary.offline.ProgressListener;
import dev.granary.registry.ProjectNotFoundException;
import dev.granary.registry.Registry;
import dev.granary.registry.VersionDetail;
import dev.granary.security.ConfinedFiles;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.RepoSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Exports training sets of a project's current spec and records each one in the registry. Used by
 * {@code granary export} and by {@code POST /api/v1/projects/{p}/training-sets}.
 */
public final class TrainingSets {
    private final Registry registry;
    private final OfflineEngine engine;
    private final TrainingSetLog log;
    private final ConfinedFiles files;
    private final Path offlineRoot;
    private final Clock clock;

    /** For the local command line: paths resolve against {@code repoDir}, anywhere the user may write. */
    public TrainingSets(Registry registry, OfflineEngine engine, DataSource registryDatabase, Path repoDir,
                        Path offlineRoot) {
        this(registry, engine, registryDatabase, ConfinedFiles.open(repoDir), offlineRoot);
    }

    /** With {@code files} deciding where entity tables and outputs may be (the server's {@link ConfinedFiles}). */
    public TrainingSets(Registry registry, OfflineEngine engine, DataSource registryDatabase, ConfinedFiles files,
                        Path offlineRoot) {
        this.registry = requireNonNull(registry, "registry is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.log = new TrainingSetLog(requireNonNull(registryDatabase, "registryDatabase is null"));
        this.files = requireNonNull(files, "files is null");
        this.offlineRoot = requireNonNull(offlineRoot, "offlineRoot is null");
        this.clock = Clock.systemUTC();
    }

    /**
     * Writes the training set and records it. Nothing is recorded, and a file already at the output path is left
     * as it was, when the export fails.
     *
     * @throws ProjectNotFoundException if the project has no applied version
     * @throws BadRequestException naming the field when a feature, a service, the entity table or a column is wrong
     * @throws dev.granary.security.PathRefusedException when a path is not allowed, or the output exists and the
     *         request does not ask to overwrite it
     */
    public TrainingSet export(TrainingSetRequest request, ProgressListener progress) {
        return export(prepare(request), progress);
    }

    /**
     * Checks a request against the current spec and the file system without exporting, so a job can refuse bad
     * input at once instead of failing later.
     *
     * @throws ProjectNotFoundException if the project has no applied version
     * @throws BadRequestException naming the field when a feature, a service or the entity table is wrong
     */
    Prepared prepare(TrainingSetRequest request) {
        VersionDetail current = registry.current(request.project())
                .orElseThrow(() -> new ProjectNotFoundException(request.project()));
        List<FeatureRef> refs = resolve(current.spec(), request);
        Path entities = files.input("entities", request.entities().toString());
        if (!Files.isRegularFile(entities)) {
            throw new BadRequestException("entities", "the entity table " + request.entities()
                    + " does not exist; give a Parquet file with the join keys and a timestamp column");
        }
        return new Prepared(request, current, refs, entities,
                files.output("output", request.output().toString(), request.overwrite()));
    }

    TrainingSet export(Prepared prepared, ProgressListener progress) {
        TrainingSetRequest request = prepared.request();
        ExportRequest exportRequest = new ExportRequest(prepared.current().spec(), prepared.refs(),
                prepared.entities(), request.timestampColumn(), prepared.output(), request.fullFeatureNames(),
                offlineRoot, 0);
        ExportResult result;
        try {
            result = engine.export(exportRequest, progress);
        } catch (OfflineStoreException e) {
            throw new BadRequestException("features", e.getMessage());
        }
        TrainingSet set = new TrainingSet(UUID.randomUUID().toString(), request.project(), prepared.current().version(),
                prepared.refs().stream().map(FeatureRef::toString).toList(), result.columns(), result.rowCount(),
                result.output(), result.inputFingerprint(), clock.instant(), result.elapsed());
        log.record(set, prepared.refs());
        return set;
    }

    /** A request resolved against the spec version it will use. */
    record Prepared(TrainingSetRequest request, VersionDetail current, List<FeatureRef> refs, Path entities,
                    Path output) {
    }

    private static List<FeatureRef> resolve(RepoSpec spec, TrainingSetRequest request) {
        if (request.featureService() != null) {
            FeatureServiceSpec service = spec.featureService(request.featureService())
                    .orElseThrow(() -> new BadRequestException("featureService", "project " + spec.project()
                            + " has no feature service '" + request.featureService() + "'; known: "
                            + spec.featureServices().stream().map(FeatureServiceSpec::name).toList()));
            return service.refs();
        }
        List<FeatureRef> refs = new ArrayList<>();
        for (String text : request.features()) {
            FeatureRef ref = FeatureRef.parse(text).orElseThrow(() -> new BadRequestException("features",
                    "'" + text + "' is not a feature reference; write view:feature, e.g. driver_stats:conv_rate"));
            boolean known = spec.featureView(ref.view()).map(v -> v.hasFeature(ref.feature())).orElse(false);
            if (!known) {
                throw new BadRequestException("features", "project " + spec.project() + " has no feature " + ref
                        + spec.featureView(ref.view()).map(v -> "; view " + v.name() + " has " + v.featureNames())
                                .orElse("; there is no view '" + ref.view() + "'"));
            }
            refs.add(ref);
        }
        return refs;
    }
}
