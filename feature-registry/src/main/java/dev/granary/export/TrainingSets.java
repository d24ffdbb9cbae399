package dev.granary.export;

import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import dev.granary.error.NotFoundException;
import dev.granary.offline.InputFile;
import dev.granary.offline.ExportRequest;
import dev.granary.offline.ExportResult;
import dev.granary.offline.OfflineEngine;
import dev.granary.offline.OfflineStoreException;
import dev.granary.offline.ProgressListener;
import dev.granary.offline.TrainingSetSink;
import dev.granary.registry.ProjectNotFoundException;
import dev.granary.registry.Registry;
import dev.granary.registry.VersionDetail;
import dev.granary.security.Caller;
import dev.granary.security.ConfinedFiles;
import dev.granary.security.FeatureAccess;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.RepoSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Exports training sets of a project's current spec and records each one in the registry with what replays it
 * (the resolved request, each input file's fingerprint); replays recorded ones from their recorded spec version.
 * Used by {@code granary export} and by {@code POST /api/v1/projects/{p}/training-sets}.
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
        Path entities = request.entities() == null ? null : entityTable(request.entities().toString());
        return new Prepared(request, current, refs, entities, output(request.output(), request.overwrite()));
    }

    private Path output(Path output, boolean overwrite) {
        return output == null ? null : files.output("output", output.toString(), overwrite);
    }

    /**
     * Computes a training set and hands it to {@code sink} as it is computed, without a file and without recording
     * it (nothing is written that a replay could find). {@code uploadedEntities}, when not null, is an entity
     * table this server made from an upload: it stands for the request's entity rows and is not confined.
     *
     * @throws BadRequestException naming the field when a feature, a service, the entity table or a column is wrong
     * @throws dev.granary.security.RequestRefusedException 403 naming the restricted features asked for that
     *         {@code caller} was not granted
     */
    public ExportResult stream(TrainingSetRequest request, Path uploadedEntities, Caller caller, TrainingSetSink sink) {
        Prepared prepared;
        if (uploadedEntities == null) {
            prepared = prepare(request);
        } else {
            VersionDetail current = registry.current(request.project())
                    .orElseThrow(() -> new ProjectNotFoundException(request.project()));
            prepared = new Prepared(request, current, resolve(current.spec(), request), uploadedEntities, null);
        }
        return stream(prepared, caller, sink);
    }

    /**
     * A recorded training set rebuilt into {@code sink}; refused as {@link #replay} refuses, and with 403 when it
     * holds restricted features {@code caller} was not granted.
     */
    public ExportResult streamReplay(String project, String trainingSetId, boolean allowChangedInputs, Caller caller,
                                     TrainingSetSink sink) {
        return stream(prepare(new ReplayRequest(project, trainingSetId, null, false, allowChangedInputs)), caller,
                sink);
    }

    private ExportResult stream(Prepared prepared, Caller caller, TrainingSetSink sink) {
        prepared.requireReadableBy(caller);
        TrainingSetRequest request = prepared.request();
        ExportRequest exportRequest = new ExportRequest(prepared.current().spec(), prepared.refs(),
                prepared.entities(), request.timestampColumn(), null, request.fullFeatureNames(), offlineRoot, 0,
                request.entityQuery());
        try {
            return engine.stream(exportRequest, ProgressListener.NONE, sink);
        } catch (OfflineStoreException e) {
            throw new BadRequestException("features", e.getMessage());
        }
    }

    /** The training sets recorded for {@code project}, newest first (at most {@code limit}). */
    public List<RecordedTrainingSet> recorded(String project, int limit) {
        return log.list(project, limit);
    }

    private Path entityTable(String text) {
        Path entities = files.input("entities", text);
        if (!Files.isRegularFile(entities)) {
            throw new BadRequestException("entities", "the entity table " + text
                    + " does not exist; give a Parquet file with the join keys and a timestamp column");
        }
        return entities;
    }

    /**
     * Rebuilds a recorded training set from its recorded spec version and request into a new output, and records
     * the rebuilt set as a training set of its own.
     *
     * @throws NotFoundException if the project has no training set of that id
     * @throws BadRequestException if the set was recorded without what a replay needs
     * @throws InputChangedException naming each input whose fingerprint changed, unless changes are allowed
     */
    public TrainingSet replay(ReplayRequest request, ProgressListener progress) {
        return export(prepare(request), progress);
    }

    Prepared prepare(ReplayRequest replay) {
        TrainingSetLog.Found found = log.find(replay.project(), replay.trainingSetId()).orElseThrow(() ->
                new NotFoundException("replay", "project " + replay.project() + " has no training set "
                        + replay.trainingSetId() + "; the id is printed by export and listed in the registry"));
        RecordedExport recorded = found.export();
        if (recorded == null) {
            throw new BadRequestException("replay", "training set " + replay.trainingSetId()
                    + " was recorded before exports kept their inputs, so it cannot be replayed; export it again");
        }
        VersionDetail version = registry.version(replay.project(), found.specVersion());
        List<FeatureRef> refs = recorded.features().stream().map(t -> FeatureRef.parse(t).orElseThrow()).toList();
        Path entities = recorded.entities() == null ? null : files.input("entities", recorded.entities());
        List<String> changes = changes(recorded.inputs(), inputs(version.spec(), refs, entities));
        if (!changes.isEmpty() && !replay.allowChangedInputs()) {
            throw new InputChangedException(replay.trainingSetId(), changes);
        }
        if (entities != null && !Files.isRegularFile(entities)) {
            throw new BadRequestException("entities", "the entity table " + entities + " of training set "
                    + replay.trainingSetId() + " no longer exists; restore it to replay the set");
        }
        TrainingSetRequest request = new TrainingSetRequest(replay.project(), entities, recorded.features(), null,
                replay.output(), recorded.fullFeatureNames(), recorded.timestampColumn(), replay.overwrite(),
                recorded.entityQuery());
        return new Prepared(request, version, refs, entities, output(replay.output(), replay.overwrite()));
    }

    /** What differs between the recorded inputs and the current ones, one sentence each; empty when nothing. */
    private static List<String> changes(List<RecordedExport.Input> recorded, List<InputFile> now) {
        Map<String, RecordedExport.Input> before = new LinkedHashMap<>();
        recorded.forEach(i -> before.put(i.path(), i));
        List<String> changes = new ArrayList<>();
        for (InputFile file : now) {
            RecordedExport.Input old = before.remove(file.path().toString());
            String what = (file.role().equals("entities") ? "the entity table " : file.role() + ": file ") + file.path();
            if (old == null) {
                changes.add(what + " is new (" + file.fingerprint() + ")");
            } else if (!old.fingerprint().equals(file.fingerprint())) {
                changes.add(what + " changed (recorded " + old.fingerprint() + ", now " + file.fingerprint() + ")");
            }
        }
        before.values().forEach(old -> changes.add((old.role().equals("entities") ? "the entity table "
                : old.role() + ": file ") + old.path() + " is no longer read (recorded " + old.fingerprint() + ")"));
        return changes;
    }

    private List<InputFile> inputs(RepoSpec spec, List<FeatureRef> refs, Path entities) {
        try {
            return InputFile.of(spec, refs, entities, offlineRoot);
        } catch (OfflineStoreException e) {
            throw new BadRequestException("features", e.getMessage());
        }
    }

    TrainingSet export(Prepared prepared, ProgressListener progress) {
        TrainingSetRequest request = prepared.request();
        if (prepared.output() == null) {
            throw new BadRequestException("output", "output is missing: give the Parquet file to write");
        }
        ExportRequest exportRequest = new ExportRequest(prepared.current().spec(), prepared.refs(),
                prepared.entities(), request.timestampColumn(), prepared.output(), request.fullFeatureNames(),
                offlineRoot, 0, request.entityQuery());
        // fingerprinted before the export reads them: a replay compares against what this export read
        List<InputFile> inputs = inputs(prepared.current().spec(), prepared.refs(), prepared.entities());
        ExportResult result;
        try {
            result = engine.export(exportRequest, progress);
        } catch (OfflineStoreException e) {
            throw new BadRequestException("features", e.getMessage());
        }
        TrainingSet set = new TrainingSet(UUID.randomUUID().toString(), request.project(), prepared.current().version(),
                prepared.refs().stream().map(FeatureRef::toString).toList(), result.columns(), result.rowCount(),
                result.output(), result.inputFingerprint(), clock.instant(), result.elapsed());
        log.record(set, prepared.refs(), RecordedExport.of(request, prepared.entities(), set.features(), inputs));
        return set;
    }

    /** A request resolved against the spec version it will use. */
    record Prepared(TrainingSetRequest request, VersionDetail current, List<FeatureRef> refs, Path entities,
                    Path output) {
        /**
         * @throws dev.granary.security.RequestRefusedException 403 naming the restricted features of this export
         *         that {@code caller} was not granted
         */
        void requireReadableBy(Caller caller) {
            FeatureAccess.of(caller, current.spec()).require(refs);
        }
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
