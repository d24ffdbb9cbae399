package dev.granary.client;

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
import java.util.List;

/**
 * The spec online tests share (here and, through the test-jar, in the registry service's tests): entity
 * {@code driver} (INT64 key {@code driver_id}) and {@code customer} (STRING key {@code customer_id}); views
 * {@code driver_stats} (TTL 1 day; conv_rate, acc_rate, trips, aggregation trips_1d), {@code driver_recent} (TTL
 * 1 hour; conv_rate), {@code customer_stats} (no TTL; level, score), {@code driver_archive} (offline only); service
 * {@code ranking}: driver_stats:conv_rate, driver_stats:trips, customer_stats:level.
 */
public final class OnlineTestSpec {
    private OnlineTestSpec() {
    }

    public static RepoSpec of(String project) {
        EntitySpec driver = new EntitySpec("driver", List.of(new JoinKey("driver_id", ValueType.INT64)), "");
        EntitySpec customer = new EntitySpec("customer", List.of(new JoinKey("customer_id", ValueType.STRING)), "");
        SourceSpec hourly = new SourceSpec("driver_hourly", "data/driver_hourly", "event_timestamp", "created");
        SourceSpec customers = new SourceSpec("customers", "data/customers.parquet", "event_timestamp", null);
        FeatureViewSpec stats = new FeatureViewSpec("driver_stats", List.of("driver"), "driver_hourly", 86_400, true,
                List.of(new FeatureSpec("conv_rate", ValueType.FLOAT64), new FeatureSpec("acc_rate", ValueType.FLOAT64),
                        new FeatureSpec("trips", ValueType.INT64)),
                List.of(new AggregationSpec("trips_1d", AggregationFunction.SUM, "trips", 86_400, "")), "", null, "");
        FeatureViewSpec recent = new FeatureViewSpec("driver_recent", List.of("driver"), "driver_hourly", 3_600, true,
                List.of(new FeatureSpec("conv_rate", ValueType.FLOAT64)), List.of(), "", null, "");
        FeatureViewSpec profile = new FeatureViewSpec("customer_stats", List.of("customer"), "customers", 0, true,
                List.of(new FeatureSpec("level", ValueType.STRING), new FeatureSpec("score", ValueType.FLOAT64)),
                List.of(), "", null, "");
        FeatureViewSpec archive = new FeatureViewSpec("driver_archive", List.of("driver"), "driver_hourly", 0, false,
                List.of(new FeatureSpec("trips", ValueType.INT64)), List.of(), "", null, "");
        FeatureServiceSpec ranking = new FeatureServiceSpec("ranking",
                List.of("driver_stats:conv_rate", "driver_stats:trips", "customer_stats:level"), "", null, "");
        return new RepoSpec(project, List.of(driver, customer), List.of(hourly, customers),
                List.of(stats, recent, profile, archive), List.of(ranking));
    }
}
