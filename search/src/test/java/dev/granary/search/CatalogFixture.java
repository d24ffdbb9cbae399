package dev.granary.search;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small ride-hailing project, in the shape of the quickstart, that the relevance tests search. */
final class CatalogFixture {
    private CatalogFixture() {
    }

    static final FeatureViewSpec DRIVER_STATS = new FeatureViewSpec("driver_stats", List.of("driver"),
            "driver_hourly", 86_400, true, List.of(
                    new FeatureSpec("conv_rate", ValueType.FLOAT64, null, "Fraction of ride offers the driver converted"),
                    new FeatureSpec("acc_rate", ValueType.FLOAT64, null, "Fraction of ride offers the driver accepted"),
                    new FeatureSpec("avg_daily_trips", ValueType.INT64, null, "Average number of trips per day"),
                    new FeatureSpec("trips", ValueType.INT64, null, "Completed trips"),
                    new FeatureSpec("city", ValueType.STRING, null, "Home city of the driver")),
            List.of(), "rides-team", Map.of("team", "rides"), "Hourly driver statistics");

    static final FeatureViewSpec DRIVER_ACTIVITY = new FeatureViewSpec("driver_activity", List.of("driver"),
            "driver_hourly", 0, true, List.of(), List.of(
                    new AggregationSpec("trips_7d", AggregationFunction.SUM, "trips", 7 * 86_400, ""),
                    new AggregationSpec("conv_count_1d", AggregationFunction.COUNT, "conv_rate", 86_400, "")),
            "ops-team", Map.of("team", "ops", "pii", "false"), "Rolling driver activity");

    static final FeatureViewSpec CUSTOMER_PROFILE = new FeatureViewSpec("customer_profile", List.of("customer"),
            "customer_daily", 0, false, List.of(
                    new FeatureSpec("lifetime_value", ValueType.FLOAT64, null, "Total spend since signup"),
                    new FeatureSpec("signup_channel", ValueType.STRING, null, "Marketing channel of the first visit")),
            List.of(), "growth-team", Map.of("team", "growth"), "");

    static RepoSpec rides() {
        return rides(List.of(DRIVER_STATS, DRIVER_ACTIVITY, CUSTOMER_PROFILE));
    }

    static RepoSpec rides(List<FeatureViewSpec> views) {
        return new RepoSpec("rides",
                List.of(new EntitySpec("driver", List.of(new JoinKey("driver_id", ValueType.INT64)), "A ride-hailing driver"),
                        new EntitySpec("customer", List.of(new JoinKey("customer_id", ValueType.STRING)), "A rider")),
                List.of(new SourceSpec("driver_hourly", "parquet", "data/driver_hourly.parquet", "event_timestamp", null,
                                "Hourly driver events"),
                        new SourceSpec("customer_daily", "data/customer_daily.parquet", "event_timestamp", null)),
                views,
                List.of(new FeatureServiceSpec("driver_ranking",
                        List.of("driver_stats:conv_rate", "driver_stats:trips", "driver_activity:trips_7d"),
                        "ml-team", Map.of("model", "ranking"), "Features of the driver ranking model")));
    }

    /** The rides spec without one feature of driver_stats. */
    static RepoSpec ridesWithout(String feature) {
        List<FeatureSpec> kept = new ArrayList<>(DRIVER_STATS.features());
        kept.removeIf(f -> f.name().equals(feature));
        FeatureViewSpec stats = new FeatureViewSpec(DRIVER_STATS.name(), DRIVER_STATS.entities(), DRIVER_STATS.source(),
                DRIVER_STATS.ttlSeconds(), DRIVER_STATS.online(), kept, DRIVER_STATS.aggregations(),
                DRIVER_STATS.owner(), DRIVER_STATS.tags(), DRIVER_STATS.description());
        return rides(List.of(stats, DRIVER_ACTIVITY, CUSTOMER_PROFILE));
    }

    /** Two views holding a feature of the same name and description: equally relevant for any query. */
    static RepoSpec twins(String project) {
        FeatureViewSpec a = new FeatureViewSpec("rider_scores_a", List.of("rider"), "scores", 0, true,
                List.of(new FeatureSpec("rider_score", ValueType.FLOAT64, null, "Model score of the rider")),
                List.of(), "risk-team", Map.of(), "");
        FeatureViewSpec b = new FeatureViewSpec("rider_scores_b", List.of("rider"), "scores", 0, true,
                List.of(new FeatureSpec("rider_score", ValueType.FLOAT64, null, "Model score of the rider")),
                List.of(), "risk-team", Map.of(), "");
        return new RepoSpec(project, List.of(new EntitySpec("rider", List.of(new JoinKey("rider_id", ValueType.INT64)), "")),
                List.of(new SourceSpec("scores", "data/scores.parquet", "event_timestamp", null)), List.of(a, b),
                List.of());
    }

    /**
     * A shop whose features are best found by their context: {@code spend} sits in a view described as customer
     * spending, {@code orders_1h} is used by the churn model and read from checkout events, and a courier's
     * {@code speeding_events} is one letter away from {@code spending}.
     */
    static RepoSpec shop() {
        FeatureViewSpec customerStats = new FeatureViewSpec("customer_stats", List.of("customer"), "orders_stream",
                0, true, List.of(
                        new FeatureSpec("spend", ValueType.FLOAT64, null, "Money spent by the customer in the hour"),
                        new FeatureSpec("orders_1h", ValueType.INT64, null, "Orders placed in the hour")),
                List.of(), "shop-team", Map.of(), "Customer spending");
        FeatureViewSpec storeOps = new FeatureViewSpec("store_ops", List.of("store"), "refunds_ledger", 0, true,
                List.of(new FeatureSpec("cancelled_orders", ValueType.INT64, null, "Orders the store called off"),
                        new FeatureSpec("refund_total", ValueType.FLOAT64, null, "Money paid back")),
                List.of(), "ops-team", Map.of(), "Refunds of a store");
        FeatureViewSpec courierSafety = new FeatureViewSpec("courier_safety", List.of("courier"), "refunds_ledger", 0,
                true, List.of(new FeatureSpec("speeding_events", ValueType.INT64, null, "Alerts for driving too fast")),
                List.of(), "ops-team", Map.of(), "Safety of a courier");
        return new RepoSpec("shop",
                List.of(new EntitySpec("customer", List.of(new JoinKey("customer_id", ValueType.INT64)),
                                "A person buying in the shop"),
                        new EntitySpec("store", List.of(new JoinKey("store_id", ValueType.INT64)), "A shop front"),
                        new EntitySpec("courier", List.of(new JoinKey("courier_id", ValueType.INT64)), "")),
                List.of(new SourceSpec("orders_stream", "parquet", "data/orders.parquet", "event_timestamp", null,
                                "Checkout events of the web shop"),
                        new SourceSpec("refunds_ledger", "data/refunds.parquet", "event_timestamp", null)),
                List.of(customerStats, storeOps, courierSafety),
                List.of(new FeatureServiceSpec("churn_model", List.of("customer_stats:orders_1h"), "ml-team",
                        Map.of(), "")));
    }
}
