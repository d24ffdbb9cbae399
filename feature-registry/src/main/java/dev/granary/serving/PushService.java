package dev.granary.serving;

import dev.granary.config.LimitSettings;
import dev.granary.security.Caller;
import dev.granary.security.FeatureAccess;
import dev.granary.security.Role;
import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import dev.granary.error.InstantField;
import dev.granary.error.StorageException;
import dev.granary.metrics.GranaryMetrics;
import dev.granary.online.EntityKey;
import dev.granary.online.InvalidOnlineRequestException;
import dev.granary.online.OnlineRow;
import dev.granary.online.OnlineStore;
import dev.granary.online.OnlineStoreException;
import dev.granary.online.WriteResult;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.PushSourceSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;

/**
 * Pushes rows into a view (Feast's {@code /push}): online under the newer-wins rule of the store, and/or offline
 * as a new Parquet file in the view's source folder (see {@link OfflineAppend}). Everything is checked before
 * anything is written; offline goes first so a failed append leaves the online store untouched.
 *
 * <p>Failures: {@link BadRequestException} naming the {@code df} column or cell, {@code feature_view} or
 * {@code to}; {@link StorageException} when a store fails.
 */
public final class PushService {
    /**
     * Created-time columns Feast's clients send beside the rows ({@code created} of nulls from its remote online
     * store, {@code created_timestamp} in its docs): newer-wins compares event times only, so they are not written.
     */
    private static final java.util.Set<String> CREATED_COLUMNS = java.util.Set.of("created", "created_timestamp");

    private final CurrentSpecs specs;
    private final OnlineStore store;
    private final OfflineAppend offline;
    private final LimitSettings limits;
    private final Clock clock;
    private final GranaryMetrics metrics;

    PushService(CurrentSpecs specs, OnlineStore store, OfflineAppend offline) {
        this(specs, store, offline, LimitSettings.DEFAULTS, Clock.systemUTC());
    }

    /** Refuses pushes over {@code limits.maxRowsPerPush} rows and event times past now + the future skew. */
    PushService(CurrentSpecs specs, OnlineStore store, OfflineAppend offline, LimitSettings limits,
                Clock clock) {
        this(specs, store, offline, limits, clock, GranaryMetrics.quiet());
    }

    /** As above, counting pushed rows per view into {@code metrics} ({@code granary.push.rows}). */
    PushService(CurrentSpecs specs, OnlineStore store, OfflineAppend offline, LimitSettings limits,
                Clock clock, GranaryMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.specs = requireNonNull(specs, "specs is null");
        this.store = requireNonNull(store, "store is null");
        this.offline = requireNonNull(offline, "offline is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Pushes the rows. {@code push_source_name} names a push source (then the rows feed every view over its batch
     * source that has some of the pushed features) or, as before push sources existed, a view.
     */
    public PushRequest.Result push(PushRequest request) {
        return push(request, Caller.UNCHECKED);
    }

    /**
     * As {@link #push(PushRequest)} for {@code caller}.
     *
     * @throws dev.granary.security.RequestRefusedException 403 unless the caller is a writer on the project
     *         and may read every restricted feature of the views the rows go to
     */
    public PushRequest.Result push(PushRequest request, Caller caller) {
        RepoSpec spec = specs.get(request.project()).spec();
        caller.require(spec.project(), Role.WRITER);
        Optional<PushSourceSpec> pushSource = request.targetField().equals("push_source_name")
                ? spec.pushSource(request.featureView()) : Optional.empty();
        if (pushSource.isEmpty()) {
            FeatureViewSpec view = spec.featureView(request.featureView()).orElseThrow(() -> unknown(spec, request));
            FeatureAccess.of(caller, spec).requireView(view);
            return push(spec, view, request.df(), request.to());
        }
        return pushThrough(spec, pushSource.get(), request, FeatureAccess.of(caller, spec));
    }

    /**
     * Rows of a push source: online into every online view over its batch source that has some of the pushed
     * features, offline once, through the widest such view whose features are all pushed (the file holds the source's rows).
     */
    private PushRequest.Result pushThrough(RepoSpec spec, PushSourceSpec pushSource, PushRequest request,
                                           FeatureAccess access) {
        List<FeatureViewSpec> fed = spec.featureViews().stream()
                .filter(v -> v.source().equals(pushSource.batchSource())).toList();
        Map<String, List<Object>> df = request.df();
        SourceSpec source = spec.source(pushSource.batchSource()).orElseThrow();
        Set<String> used = new HashSet<>(CREATED_COLUMNS);
        used.addAll(List.of("event_timestamp", source.timestampField()));
        if (source.createdTimestampField() != null) {
            used.add(source.createdTimestampField());
        }
        List<FeatureViewSpec> targets = new ArrayList<>();
        for (FeatureViewSpec view : fed) {
            if (view.featureNames().stream().anyMatch(df::containsKey)) {
                targets.add(view);
                used.addAll(view.featureNames());
                spec.joinKeys(view).forEach(k -> used.add(k.name()));
            }
        }
        for (String column : df.keySet()) {
            if (!used.contains(column)) {
                throw new BadRequestException("df." + column, "No feature view fed by push source '"
                        + pushSource.name() + "' has a feature '" + column + "'; its views are "
                        + fed.stream().map(FeatureViewSpec::name).toList());
            }
        }
        if (targets.isEmpty()) {
            throw new BadRequestException("df", "The pushed rows name no feature of the views fed by push source '"
                    + pushSource.name() + "' " + fed.stream().map(FeatureViewSpec::name).toList());
        }
        targets.forEach(access::requireView);
        long applied = 0;
        long skipped = 0;
        String file = null;
        if (request.to().offline()) {
            FeatureViewSpec widest = targets.stream().filter(v -> df.keySet().containsAll(v.featureNames()))
                    .max(java.util.Comparator.comparingInt(v -> v.featureNames().size()))
                    .orElseThrow(() -> new BadRequestException("df", "An offline push through push source '"
                            + pushSource.name() + "' must give every feature of one of its views "
                            + targets.stream().map(FeatureViewSpec::name).toList()));
            file = push(spec, widest, columnsOf(spec, widest, df), PushRequest.Target.OFFLINE).offlineFile();
        }
        if (request.to().online()) {
            for (FeatureViewSpec view : targets.stream().filter(FeatureViewSpec::online).toList()) {
                PushRequest.Result result = push(spec, view, columnsOf(spec, view, df), PushRequest.Target.ONLINE);
                applied += result.applied();
                skipped += result.skipped();
            }
        }
        return new PushRequest.Result(applied, skipped, file);
    }

    /** The columns of {@code df} that {@code view} uses: its join keys, its features and the time columns. */
    private static Map<String, List<Object>> columnsOf(RepoSpec spec, FeatureViewSpec view,
                                                       Map<String, List<Object>> df) {
        SourceSpec source = spec.source(view.source()).orElseThrow();
        Set<String> keys = new HashSet<>();
        spec.joinKeys(view).forEach(k -> keys.add(k.name()));
        Map<String, List<Object>> out = new LinkedHashMap<>();
        df.forEach((column, values) -> {
            boolean time = column.equals("event_timestamp") || column.equals(source.timestampField())
                    || column.equals(source.createdTimestampField()) || CREATED_COLUMNS.contains(column);
            if (keys.contains(column) || view.hasFeature(column) || time) {
                out.put(column, values);
            }
        });
        return out;
    }

    private PushRequest.Result push(RepoSpec spec, FeatureViewSpec view, Map<String, List<Object>> df,
                                    PushRequest.Target to) {
        SourceSpec source = spec.source(view.source()).orElseThrow();
        List<JoinKey> keys = spec.joinKeys(view);
        String timeColumn = df.containsKey("event_timestamp") ? "event_timestamp" : source.timestampField();
        int rows = rowCount(df, keys, timeColumn);
        if (rows > limits.maxRowsPerPush()) {
            throw new BadRequestException("df", rows + " rows in one push; the most is limits.maxRowsPerPush = "
                    + limits.maxRowsPerPush() + ": split the rows into several pushes");
        }

        List<String> features = new ArrayList<>();
        for (String column : df.keySet()) {
            boolean isKey = keys.stream().anyMatch(k -> k.name().equals(column));
            boolean isTime = column.equals(timeColumn) || column.equals(source.timestampField())
                    || column.equals(source.createdTimestampField()) || CREATED_COLUMNS.contains(column);
            if (isKey || isTime) {
                continue;
            }
            if (!view.hasFeature(column)) {
                throw new BadRequestException("df." + column, "Feature view '" + view.name() + "' has no feature '"
                        + column + "'; push its join keys " + keys.stream().map(JoinKey::name).toList()
                        + ", 'event_timestamp' and some of " + view.featureNames());
            }
            features.add(column);
        }
        if (features.isEmpty()) {
            throw new BadRequestException("df", "The pushed rows name no feature of view '" + view.name()
                    + "'; add columns from " + view.featureNames());
        }
        Instant[] times = new Instant[rows];
        Instant now = clock.instant();
        for (int r = 0; r < rows; r++) {
            String field = "df." + timeColumn + "[" + r + "]";
            // a future event time would win newer-wins against every real value until then
            times[r] = InstantField.notInFuture(field, PushValues.instant(field, df.get(timeColumn).get(r)), now,
                    limits.futureSkew());
        }
        List<List<Object>> keyValues = new ArrayList<>();
        for (JoinKey key : keys) {
            List<Object> column = PushValues.column("df." + key.name(), key.type(), df.get(key.name()));
            int missing = column.indexOf(null);
            if (missing >= 0) {
                throw new BadRequestException("df." + key.name() + "[" + missing + "]", "Join key '" + key.name()
                        + "' of row " + missing + " is null; every pushed row needs its entity key");
            }
            keyValues.add(column);
        }
        List<List<Object>> featureValues = new ArrayList<>();
        for (String feature : features) {
            ValueType type = spec.featureType(view.name(), feature).orElse(null);
            featureValues.add(PushValues.column("df." + feature, type, df.get(feature)));
        }

        String file = null;
        if (to.offline()) {
            file = offline.append(spec, view, keys, keyValues, times, features, featureValues).toString();
            metrics.pushed(spec.project(), view.name(), "offline", rows);
        }
        WriteResult written = WriteResult.NONE;
        if (to.online()) {
            List<OnlineRow> onlineRows = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                List<Object> keyRow = new ArrayList<>(keys.size());
                for (List<Object> column : keyValues) {
                    keyRow.add(column.get(r));
                }
                List<Object> values = new ArrayList<>(features.size());
                for (List<Object> column : featureValues) {
                    values.add(column.get(r));
                }
                onlineRows.add(new OnlineRow(new EntityKey(keyRow), times[r], values));
            }
            written = write(spec.project(), view, features, onlineRows);
            metrics.pushed(spec.project(), view.name(), "written", written.applied());
            metrics.pushed(spec.project(), view.name(), "not_newer", written.skipped());
        }
        return new PushRequest.Result(written.applied(), written.skipped(), file);
    }

    /**
     * A name that is no view: from {@code push_source_name} Feast's {@code PushSourceNotFoundException}, else
     * {@code FeatureViewNotFoundException} (codes {@code PUSH_SOURCE_NOT_FOUND}, {@code FEATURE_VIEW_NOT_FOUND}).
     */
    private static BadRequestException unknown(RepoSpec spec, PushRequest request) {
        List<String> views = spec.featureViews().stream().map(FeatureViewSpec::name).toList();
        if (request.targetField().equals("push_source_name")) {
            return new BadRequestException("PUSH_SOURCE_NOT_FOUND", "push_source_name", "Unable to find push source '"
                    + request.featureView() + "': project '" + spec.project() + "' has no push source or feature view"
                    + " of that name; its views are " + views, null);
        }
        return new BadRequestException("FEATURE_VIEW_NOT_FOUND", request.targetField(), "Project '" + spec.project()
                + "' has no feature view '" + request.featureView() + "'; its views are " + views, null);
    }

    private WriteResult write(String project, FeatureViewSpec view, List<String> features, List<OnlineRow> rows) {
        try {
            return store.write(project, view, features, rows);
        } catch (InvalidOnlineRequestException e) {
            throw new BadRequestException("df", e.getMessage());
        } catch (OnlineStoreException e) {
            throw new StorageException("The online store failed: " + e.getMessage(), e);
        }
    }

    private static int rowCount(Map<String, List<Object>> df, List<JoinKey> keys, String timeColumn) {
        for (JoinKey key : keys) {
            if (!df.containsKey(key.name())) {
                throw new BadRequestException("df." + key.name(), "Join key column '" + key.name()
                        + "' is missing from 'df'; every pushed row needs its entity key");
            }
        }
        if (!df.containsKey(timeColumn)) {
            throw new BadRequestException("df.event_timestamp", "Column 'event_timestamp' is missing from 'df';"
                    + " give each row's event time as an ISO-8601 instant");
        }
        int rows = -1;
        String first = null;
        for (Map.Entry<String, List<Object>> column : df.entrySet()) {
            if (column.getValue() == null) {
                throw new BadRequestException("df." + column.getKey(), "Column '" + column.getKey()
                        + "' is null; give a list of values");
            }
            if (rows < 0) {
                rows = column.getValue().size();
                first = column.getKey();
            } else if (column.getValue().size() != rows) {
                throw new BadRequestException("df." + column.getKey(), "Column '" + column.getKey() + "' has "
                        + column.getValue().size() + " values but '" + first + "' has " + rows
                        + "; give every column the same number of values");
            }
        }
        if (rows <= 0) {
            throw new BadRequestException("df", "'df' holds no rows; give at least one");
        }
        return rows;
    }
}
