package dev.granary.spec;

import static dev.granary.dsl.Aggregations.count;
import static dev.granary.dsl.Aggregations.mean;
import static dev.granary.dsl.Aggregations.sum;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;

import dev.granary.dsl.Definitions;
import dev.granary.dsl.Entity;
import dev.granary.dsl.FeatureDefinitions;
import dev.granary.dsl.FeatureView;
import dev.granary.dsl.Source;
import java.time.Duration;

/**
 * Valid sample specs for tests of every module (shipped in feature-dsl's test-jar).
 *
 * <p>{@link #rides()} describes project {@code rides}:
 * <ul>
 *   <li>entities {@code driver(driver_id INT64)} and {@code customer(customer_id INT64)};</li>
 *   <li>source {@code driver_hourly} = {@code data/driver_hourly.parquet} with columns {@code driver_id,
 *       event_timestamp, created, conv_rate (FLOAT64), acc_rate (FLOAT64), trips (INT64)};</li>
 *   <li>source {@code customer_daily} = {@code data/customer_daily.parquet} with columns {@code customer_id,
 *       event_timestamp, avg_spend (FLOAT64), customer_segment (STRING)} and no created column;</li>
 *   <li>view {@code driver_stats} (driver, TTL 1 day, online): {@code conv_rate FLOAT64, acc_rate FLOAT64,
 *       trips INT64};</li>
 *   <li>view {@code customer_profile} (customer, TTL unlimited, online): {@code avg_spend FLOAT64},
 *       {@code segment STRING} (read from column {@code customer_segment});</li>
 *   <li>view {@code driver_activity} (driver, TTL 7 days, online): aggregations {@code trips_7d = SUM(trips) over
 *       7d}, {@code conv_count_1d = COUNT(conv_rate) over 1d}, {@code conv_mean_1d = MEAN(conv_rate) over 1d};</li>
 *   <li>service {@code driver_ranking}: {@code driver_stats:conv_rate, driver_stats:trips,
 *       driver_activity:trips_7d, customer_profile:avg_spend}.</li>
 * </ul>
 */
public final class Samples {
    private Samples() {
    }

    /** The rides definitions written with the DSL. */
    public static FeatureDefinitions ridesDefinitions() {
        return repo -> {
            repo.project("rides");
            Entity driver = repo.entity("driver").key("driver_id", INT64).description("A ride-hailing driver");
            Entity customer = repo.entity("customer").key("customer_id", INT64).description("A rider");
            Source hourly = repo.parquet("driver_hourly", "data/driver_hourly.parquet")
                    .timestamp("event_timestamp").created("created").description("Hourly driver statistics");
            Source daily = repo.parquet("customer_daily", "data/customer_daily.parquet")
                    .timestamp("event_timestamp");

            FeatureView stats = repo.featureView("driver_stats", driver, hourly)
                    .ttl(Duration.ofDays(1))
                    .feature("conv_rate", FLOAT64, "Fraction of ride offers the driver converted")
                    .feature("acc_rate", FLOAT64, "Fraction of ride offers the driver accepted")
                    .feature("trips", INT64)
                    .owner("rides-team").tag("team", "rides").description("Hourly driver quality");
            FeatureView profile = repo.featureView("customer_profile", customer, daily)
                    .feature("avg_spend", FLOAT64, "Average spend per ride")
                    .featureFromColumn("segment", STRING, "customer_segment", "Marketing segment")
                    .owner("growth-team");
            FeatureView activity = repo.featureView("driver_activity", driver, hourly)
                    .ttl(Duration.ofDays(7))
                    .aggregate("trips_7d", sum("trips"), Duration.ofDays(7), "Trips in the last 7 days")
                    .aggregate("conv_count_1d", count("conv_rate"), Duration.ofDays(1))
                    .aggregate("conv_mean_1d", mean("conv_rate"), Duration.ofDays(1))
                    .owner("rides-team");

            repo.featureService("driver_ranking", stats.select("conv_rate", "trips"), activity.select("trips_7d"),
                            profile.select("avg_spend"))
                    .owner("ranking-team").description("Features of the driver ranking model");
        };
    }

    /** A valid rides-style spec (see the class comment for its content and source columns). */
    public static RepoSpec rides() {
        return Definitions.toSpec("rides", ridesDefinitions());
    }
}
