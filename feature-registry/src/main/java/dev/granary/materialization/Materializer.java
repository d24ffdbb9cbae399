package dev.granary.materialization;

import dev.granary.config.LimitSettings;
import dev.granary.registry.RegistrySql;
import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import dev.granary.error.InstantField;
import dev.granary.offline.AsOfBatch;
import dev.granary.offline.OfflineEngine;
import dev.granary.online.EntityKey;
import dev.granary.online.OnlineRow;
import dev.granary.online.OnlineStore;
import dev.granary.online.WriteResult;
import dev.granary.registry.ProjectNotFoundException;
import dev.granary.registry.Registry;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Copies the point-in-time values of online views from the offline engine into the online store
 * ({@code semantics.md}, "Materialization and online reads"): per entity, the value as of {@code end} from source
 * rows in {@code [start, end]}, written newer-wins in batches while the engine reads the next one.
 *
 * <p>{@link MaterializeRequest#incremental()} runs each view from its watermark (or {@code end - ttl} the first
 * time, or from the beginning when the view has no TTL) and moves the watermark to {@code end} only after that
 * view's writes all finished. A run that fails or is killed leaves the watermark where it was and every stored
 * row old or new (the store writes whole rows); running again converges, since writes are newer-wins.
 *
 * <p>Failures: {@link ProjectNotFoundException}; {@link BadRequestException} (field {@code views}) for an unknown
 * or offline view; the offline engine's and the online store's exceptions as they come.
 */
public final class Materializer {
    /** Where an incremental run of a view without TTL starts the first time: before any realistic event. */
    static final Instant BEGINNING = Instant.parse("1900-01-01T00:00:00Z");
    static final int DEFAULT_BATCH = 5_000;

    /** Told the rows written to each view (for metrics), after the view's writes finished. */
    @FunctionalInterface
    public interface RowsWritten {
        RowsWritten NONE = (project, view, written, notNewer) -> {
        };

        /** {@code written} rows applied, {@code notNewer} skipped because the store held an equal or newer value. */
        void rows(String project, String view, long written, long notNewer);
    }

    private final Registry registry;
    private final OfflineEngine offline;
    private final RowsWritten rowsWritten;
    private final OnlineStore online;
    private final Path offlineRoot;
    private final Watermarks watermarks;
    private final int batchSize;
    private final Duration futureSkew;
    private final Clock clock;

    Materializer(Registry registry, OfflineEngine offline, OnlineStore online, Path offlineRoot,
                 Watermarks watermarks, int batchSize) {
        this(registry, offline, online, offlineRoot, watermarks, batchSize,
                LimitSettings.DEFAULTS.futureSkew(), Clock.systemUTC());
    }

    Materializer(Registry registry, OfflineEngine offline, OnlineStore online, Path offlineRoot,
                 Watermarks watermarks, int batchSize, Duration futureSkew, Clock clock) {
        this(registry, offline, online, offlineRoot, watermarks, batchSize, futureSkew, clock, RowsWritten.NONE);
    }

    Materializer(Registry registry, OfflineEngine offline, OnlineStore online, Path offlineRoot,
                 Watermarks watermarks, int batchSize, Duration futureSkew, Clock clock, RowsWritten rowsWritten) {
        this.rowsWritten = requireNonNull(rowsWritten, "rowsWritten is null");
        this.futureSkew = requireNonNull(futureSkew, "futureSkew is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.offline = requireNonNull(offline, "offline is null");
        this.online = requireNonNull(online, "online is null");
        this.offlineRoot = requireNonNull(offlineRoot, "offlineRoot is null");
        this.watermarks = requireNonNull(watermarks, "watermarks is null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * A materializer on the registry database (for watermarks) and the given stores.
     *
     * @param registryDatabase the registry's pool ({@code RegistryDatabase.dataSource()})
     * @param batchSize        rows per write batch
     */
    public static Materializer create(Registry registry, DataSource registryDatabase, OfflineEngine offline,
                                      OnlineStore online, Path offlineRoot, int batchSize) {
        return new Materializer(registry, offline, online, offlineRoot, new Watermarks(new RegistrySql(registryDatabase)),
                batchSize);
    }

    /** As the factory without {@code futureSkew}, allowing ends up to now + {@code futureSkew} (default 1 h). */
    public static Materializer create(Registry registry, DataSource registryDatabase, OfflineEngine offline,
                                      OnlineStore online, Path offlineRoot, Duration futureSkew) {
        return new Materializer(registry, offline, online, offlineRoot, new Watermarks(new RegistrySql(registryDatabase)),
                DEFAULT_BATCH, futureSkew, Clock.systemUTC());
    }

    /** As the factory with {@code futureSkew}, telling {@code rowsWritten} what each view got. */
    public static Materializer create(Registry registry, DataSource registryDatabase, OfflineEngine offline,
                                      OnlineStore online, Path offlineRoot, Duration futureSkew,
                                      RowsWritten rowsWritten) {
        return new Materializer(registry, offline, online, offlineRoot,
                new Watermarks(new RegistrySql(registryDatabase)), DEFAULT_BATCH, futureSkew, Clock.systemUTC(),
                rowsWritten);
    }

    public static Materializer create(Registry registry, DataSource registryDatabase, OfflineEngine offline,
                                      OnlineStore online, Path offlineRoot) {
        return create(registry, registryDatabase, offline, online, offlineRoot, DEFAULT_BATCH);
    }

    /** The watermark of a view: the last {@code end} an incremental run finished, if any. */
    public Optional<Instant> watermark(String project, String view) {
        return watermarks.get(project, view);
    }

    /** Checks the request against the project's current spec and returns the views it will write. */
    public List<FeatureViewSpec> views(MaterializeRequest request) {
        checkEnd(request);
        return selectViews(spec(request.project()), request.views());
    }

    /** An end (and so a watermark) past now + the future skew would mark data as materialized before it exists. */
    private void checkEnd(MaterializeRequest request) {
        InstantField.notInFuture("end", request.end(), clock.instant(), futureSkew);
        if (request.start() != null) {
            InstantField.inRange("start", request.start());
        }
    }

    /** Runs the request to the end on the calling thread; see the class contract. */
    public MaterializationResult run(MaterializeRequest request, MaterializationProgress progress) {
        checkEnd(request);
        RepoSpec spec = spec(request.project());
        List<FeatureViewSpec> views = selectViews(spec, request.views());
        MaterializationProgress listener = progress == null ? MaterializationProgress.NONE : progress;
        AtomicLong rows = new AtomicLong();
        List<MaterializationResult.ViewResult> results = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            FeatureViewSpec view = views.get(i);
            int done = i;
            Instant end = request.end();
            Instant start = request.incremental() ? incrementalStart(spec.project(), view, end) : request.start();
            if (!start.isBefore(end) && request.incremental()) {
                results.add(new MaterializationResult.ViewResult(view.name(), start, end, 0, 0, true));
                listener.update(view.name(), rows.get(), i + 1, views.size());
                continue;
            }
            WriteResult written = copy(spec, view, start, end,
                    n -> listener.update(view.name(), rows.addAndGet(n), done, views.size()));
            rowsWritten.rows(spec.project(), view.name(), written.applied(), written.skipped());
            if (request.incremental()) {
                watermarks.advance(spec.project(), view.name(), end);
            }
            results.add(new MaterializationResult.ViewResult(view.name(), start, end, written.applied(),
                    written.skipped(), false));
            listener.update(view.name(), rows.get(), i + 1, views.size());
        }
        return new MaterializationResult(spec.project(), results);
    }

    private Instant incrementalStart(String project, FeatureViewSpec view, Instant end) {
        Optional<Instant> mark = watermarks.get(project, view.name());
        if (mark.isPresent()) {
            return mark.get();
        }
        return view.ttlSeconds() > 0 ? end.minusSeconds(view.ttlSeconds()) : BEGINNING;
    }

    private WriteResult copy(RepoSpec spec, FeatureViewSpec view, Instant start, Instant end,
                             java.util.function.LongConsumer written) {
        try (BatchWriter writer = new BatchWriter(online, spec.project(), view, written)) {
            offline.asOf(spec, view, start, end, offlineRoot, batchSize, batch -> writer.submit(toRows(batch)));
            return writer.finish();
        }
    }

    private static List<OnlineRow> toRows(AsOfBatch batch) {
        List<OnlineRow> rows = new ArrayList<>(batch.rows().size());
        for (AsOfBatch.Row row : batch.rows()) {
            rows.add(new OnlineRow(new EntityKey(row.keys()), row.eventTimestamp(), row.values()));
        }
        return rows;
    }

    private RepoSpec spec(String project) {
        return registry.current(project).orElseThrow(() -> new ProjectNotFoundException(project)).spec();
    }

    static List<FeatureViewSpec> selectViews(RepoSpec spec, List<String> names) {
        if (names.isEmpty()) {
            return spec.featureViews().stream().filter(FeatureViewSpec::online).toList();
        }
        List<FeatureViewSpec> views = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            // a 400 on Granary's API, as other request fields; the code gives Feast's endpoints their 404
            FeatureViewSpec view = spec.featureView(name).orElseThrow(() -> new BadRequestException(
                    "FEATURE_VIEW_NOT_FOUND", "views", "Project '" + spec.project() + "' has no feature view '" + name
                            + "'; its views are " + spec.featureViews().stream().map(FeatureViewSpec::name).toList(),
                    null));
            if (!view.online()) {
                throw new BadRequestException("views", "Feature view '" + name + "' of project '" + spec.project()
                        + "' is not online; set online(true) on it and apply, or leave it out of --views");
            }
            views.add(view);
        }
        return views;
    }
}
