package dev.granary.serving;

import static java.util.Objects.requireNonNull;

import dev.granary.client.error.GranaryClientException;
import dev.granary.client.lookup.FeaturePlan;
import dev.granary.client.lookup.LookupResult;
import dev.granary.client.lookup.OnlineLookup;
import dev.granary.config.LimitSettings;
import dev.granary.error.BadRequestException;
import dev.granary.error.GranaryException;
import dev.granary.health.log.FeatureLog;
import dev.granary.health.log.LoggedService;
import dev.granary.health.log.ServedLookup;
import dev.granary.metrics.GranaryMetrics;
import dev.granary.metrics.LookupMeters;
import dev.granary.online.OnlineStore;
import dev.granary.registry.Registry;
import dev.granary.security.Caller;
import dev.granary.security.FeatureAccess;
import dev.granary.security.Role;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.RepoSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Online lookups against the current registry spec: resolves the query to a {@link FeaturePlan} (cached per spec
 * version), reads the online store once, counts the lookup per feature. Thread-safe.
 *
 * <p>Failures: {@link dev.granary.error.BadRequestException} naming the field at fault,
 * {@link dev.granary.registry.ProjectNotFoundException}, {@link dev.granary.error.StorageException} when the
 * online store or the registry fails.
 */
public final class OnlineFeatureService implements AutoCloseable {

    private record PlanKey(String project, int version, List<String> features, String service, boolean fullNames) {
    }

    /**
     * A resolved plan, its lookup counters and meters, the restricted features among it (checked against each
     * caller's grants), and the service's logging when it logs (else null).
     */
    private record Prepared(FeaturePlan plan, LongAdder[] counters, List<FeatureRef> restricted, LookupMeters meters,
                            LoggedService logged) {
    }

    private final CurrentSpecs specs;
    private final OnlineLookup lookup;
    private final LookupCounters counters;
    private final Clock clock;
    private final Map<PlanKey, Prepared> plans = new ConcurrentHashMap<>();
    private final LimitSettings limits;
    private final GranaryMetrics metrics;
    private final FeatureLog log;

    OnlineFeatureService(CurrentSpecs specs, OnlineLookup lookup, LookupCounters counters, Clock clock,
                         LimitSettings limits, GranaryMetrics metrics, FeatureLog log) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.log = requireNonNull(log, "log is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.specs = requireNonNull(specs, "specs is null");
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.counters = requireNonNull(counters, "counters is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Lookups on the given store, with specs from {@code registry} (project {@code defaultProject} when a query
     * names none), lookups by logging services logged to {@code log}, and lookup counts flushed into the registry
     * database every {@value LookupCounters#FLUSH_SECONDS} s and on {@link #close()}.
     */
    public static OnlineFeatureService create(Registry registry, DataSource registryDatabase, OnlineStore store,
                                              String defaultProject, FeatureLog log) {
        // a command's lookups end with the process: nothing to prime for later flushes
        return new OnlineFeatureService(CurrentSpecs.create(registry, defaultProject), new OnlineLookup(store),
                new LookupCounters(registryDatabase, LookupCounters.FLUSH_SECONDS, false), Clock.systemUTC(),
                LimitSettings.DEFAULTS, GranaryMetrics.quiet(), log);
    }

    /**
     * Lookups with specs from {@code specs} (the server shares them with pushes), refusing lookups over
     * {@code limits} and recording each answered lookup into {@code metrics} ({@link GranaryMetrics#lookup}).
     */
    static OnlineFeatureService create(CurrentSpecs specs, OnlineStore store, DataSource registryDatabase,
                                       LimitSettings limits, GranaryMetrics metrics, FeatureLog log) {
        return new OnlineFeatureService(specs, new OnlineLookup(store),
                new LookupCounters(registryDatabase, LookupCounters.FLUSH_SECONDS, true), Clock.systemUTC(), limits,
                metrics, log);
    }

    /** Looks up the query's features for its entity rows at the current time. */
    public LookupResult lookup(OnlineQuery query) {
        return lookup(query, Caller.UNCHECKED);
    }

    /**
     * As {@link #lookup(OnlineQuery)} for {@code caller}.
     *
     * @throws dev.granary.security.RequestRefusedException 403 unless the caller reads the project and every
     *         restricted feature asked for (a feature service holding one not granted is refused as a whole)
     */
    public LookupResult lookup(OnlineQuery query, Caller caller) {
        long started = System.nanoTime();
        try {
            checkLimits(query);
            Prepared prepared = prepare(query, caller);
            LookupResult result;
            java.time.Instant now = clock.instant();
            try {
                result = lookup.lookup(prepared.plan(), query.entities(), now);
            } catch (GranaryClientException e) {
                throw ServingErrors.translate(e);
            }
            for (LongAdder counter : prepared.counters()) {
                counter.add(result.size());
            }
            prepared.meters().record(System.nanoTime() - started, result.rows());
            if (prepared.logged() != null) {
                log.served(new ServedLookup(prepared.logged(), now, result));
            }
            return result;
        } catch (GranaryException e) {
            metrics.lookupFailed(e.code());
            throw e;
        }
    }

    private void checkLimits(OnlineQuery query) {
        if (query.features() != null && query.features().size() > limits.maxFeaturesPerLookup()) {
            throw new BadRequestException("features", query.features().size() + " features in one lookup; the most"
                    + " is limits.maxFeaturesPerLookup = " + limits.maxFeaturesPerLookup());
        }
        if (query.entities() != null) {
            for (List<Object> column : query.entities().values()) {
                if (column != null && column.size() > limits.maxEntitiesPerLookup()) {
                    throw new BadRequestException("entities", column.size() + " entity rows in one lookup; the most"
                            + " is limits.maxEntitiesPerLookup = " + limits.maxEntitiesPerLookup()
                            + ": split the rows into several lookups");
                }
            }
        }
    }

    /**
     * As {@link #lookup} for one entity row given as text ({@code granary get --entity driver_id=1001}): each value
     * is converted to its join key's type (field {@code --entity} when it does not parse).
     */
    public LookupResult lookupText(OnlineQuery query, Map<String, String> entity) {
        Prepared prepared = prepare(query, Caller.UNCHECKED);
        Map<String, List<Object>> entities = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> key : entity.entrySet()) {
            entities.put(key.getKey(), List.of(JoinKeyText.value(key.getKey(),
                    prepared.plan().joinKeys().get(key.getKey()), key.getValue())));
        }
        return lookup(new OnlineQuery(query.project(), query.features(), query.featureService(), entities,
                query.fullFeatureNames()));
    }

    private Prepared prepare(OnlineQuery query, Caller caller) {
        CurrentSpecs.Snapshot snapshot = specs.get(query.project());
        RepoSpec spec = snapshot.spec();
        caller.require(spec.project(), Role.READER);
        PlanKey key = new PlanKey(spec.project(), snapshot.version(), query.features(), query.featureService(),
                query.fullFeatureNames());
        Prepared prepared = plans.get(key);
        if (prepared == null) {
            FeaturePlan plan;
            try {
                plan = query.features() != null ? FeaturePlan.of(spec, query.features(), query.fullFeatureNames())
                        : FeaturePlan.ofService(spec, query.featureService(), query.fullFeatureNames());
            } catch (GranaryClientException e) {
                throw ServingErrors.translate(e);
            }
            if (plans.size() > 10_000) {
                plans.clear();
            }
            LoggedService logged = query.featureService() == null ? null : spec.featureService(query.featureService())
                    .flatMap(s -> s.loggingSpec())
                    .map(l -> LoggedService.of(query.featureService(), snapshot.version(), l, plan))
                    .orElse(null);
            prepared = new Prepared(plan, counters.counters(spec.project(), plan.refs()),
                    FeatureAccess.restrictedAmong(spec, plan.refs()), metrics.lookup(spec.project(),
                    query.features() != null ? GranaryMetrics.AD_HOC : query.featureService()), logged);
            plans.put(key, prepared);
        }
        if (!prepared.restricted().isEmpty()) {
            FeatureAccess.of(caller, spec).require(prepared.restricted());
        }
        return prepared;
    }

    /** As {@link #lookup}, in the response shape of Feast's feature server. */
    public FeastResponse getOnlineFeatures(OnlineQuery query) {
        return FeastResponse.of(lookup(query));
    }

    /** As {@link #lookup(OnlineQuery, Caller)}, in the response shape of Feast's feature server. */
    public FeastResponse getOnlineFeatures(OnlineQuery query, Caller caller) {
        return FeastResponse.of(lookup(query, caller));
    }

    /** Forgets cached specs and plans, so the next lookup sees the registry as it is now. */
    public void refresh() {
        specs.invalidate();
        plans.clear();
    }

    /** Writes the pending lookup counts to the registry now. */
    public void flushCounts() {
        counters.flush();
    }

    /** The feature log lookups by logging services go to. */
    public FeatureLog featureLog() {
        return log;
    }

    @Override
    public void close() {
        counters.close();
    }
}
