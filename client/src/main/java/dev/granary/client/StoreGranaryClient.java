package dev.granary.client;

import static java.util.Objects.requireNonNull;

import dev.granary.online.OnlineStore;
import dev.granary.client.lookup.FeaturePlan;
import dev.granary.client.lookup.LookupResult;
import dev.granary.client.lookup.OnlineLookup;
import dev.granary.spec.RepoSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link GranaryClient} reading an online store directly, with the server's own lookup logic. */
final class StoreGranaryClient implements GranaryClient {
    private record PlanKey(List<String> features, String service, boolean fullNames) {
    }

    private final OnlineStore store;
    private final RepoSpec spec;
    private final boolean ownsStore;
    private final OnlineLookup lookup;
    private final Clock clock = Clock.systemUTC();
    private final Map<PlanKey, FeaturePlan> plans = new ConcurrentHashMap<>();
    /** Result names per lookup shape: the plan and the order of the request's entity columns. */
    private final Map<ColumnsKey, OnlineFeatures.Columns> columns = new ConcurrentHashMap<>();

    private record ColumnsKey(PlanKey plan, List<String> entityNames) {
    }

    StoreGranaryClient(OnlineStore store, RepoSpec spec, boolean ownsStore) {
        this.store = requireNonNull(store, "store is null");
        this.spec = requireNonNull(spec, "spec is null");
        this.ownsStore = ownsStore;
        this.lookup = new OnlineLookup(store);
    }

    @Override
    public OnlineFeatures getOnlineFeatures(List<String> features, List<Map<String, Object>> entityRows,
                                            boolean fullFeatureNames) {
        return run(new PlanKey(List.copyOf(features), null, fullFeatureNames), entityRows);
    }

    @Override
    public OnlineFeatures getOnlineFeatures(String featureService, List<Map<String, Object>> entityRows,
                                            boolean fullFeatureNames) {
        return run(new PlanKey(null, requireNonNull(featureService, "featureService is null"), fullFeatureNames),
                entityRows);
    }

    private OnlineFeatures run(PlanKey key, List<Map<String, Object>> entityRows) {
        Map<String, List<Object>> columns = EntityRows.columns(entityRows);
        FeaturePlan plan = plans.computeIfAbsent(key, k -> k.features() != null
                ? FeaturePlan.of(spec, k.features(), k.fullNames())
                : FeaturePlan.ofService(spec, k.service(), k.fullNames()));
        LookupResult result = lookup.lookup(plan, columns, clock.instant());
        OnlineFeatures.Columns names = this.columns.computeIfAbsent(new ColumnsKey(key, result.entityNames()),
                k -> OnlineFeatures.Columns.of(names(result)));
        return new OnlineFeatures(names, result.entityColumns(), result.rows());
    }

    private static List<String> names(LookupResult result) {
        List<String> names = new ArrayList<>(result.entityNames());
        names.addAll(result.featureNames());
        return names;
    }

    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }
}
