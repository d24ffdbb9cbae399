package dev.granary.cli;

import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The rides-style sample repository the quickstart writes: drivers and customers, three feature views (one of
 * window aggregations), a feature service, and generated Parquet data over the last seven days up to {@code now}.
 * The values come from a fixed seed, so two quickstarts at the same hour write the same data.
 */
final class SampleRepository {
    static final int DAYS = 7;
    static final long FIRST_DRIVER = 1001;
    static final int DRIVERS = 50;
    static final long FIRST_CUSTOMER = 201;
    static final int CUSTOMERS = 100;
    static final int ENTITY_ROWS = 200;

    private final Path dir;
    private final Instant now;

    SampleRepository(Path dir, Instant now) {
        this.dir = dir;
        this.now = now.truncatedTo(ChronoUnit.HOURS);
    }

    /** Writes definitions, configuration and data; returns the files written, relative to the repository. */
    List<Path> write() {
        try {
            Files.createDirectories(dir.resolve("data"));
            writeText("granary.yaml", CONFIG);
            writeText("RidesFeatures.java", DEFINITIONS);
            writeDriverHourly();
            writeCustomerDaily();
            writeEntities();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sample repository into " + dir, e);
        }
        return List.of(Path.of("granary.yaml"), Path.of("RidesFeatures.java"), Path.of("data/driver_hourly.parquet"),
                Path.of("data/customer_daily.parquet"), Path.of("data/entities.parquet"));
    }

    private void writeText(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private void writeDriverHourly() {
        writeDriverHourly(false);
    }

    /**
     * Rewrites the driver source as a broken upstream job would have: over the last day {@code conv_rate} arrives
     * in percent (0 to 100) instead of a fraction. The quickstart's health step shows the alert it causes.
     */
    Path simulateDrift() {
        writeDriverHourly(true);
        return dir.resolve("data/driver_hourly.parquet");
    }

    private void writeDriverHourly(boolean percentOverTheLastDay) {
        Instant dayAgo = now.minus(Duration.ofDays(1));
        Random random = new Random(42);
        List<Object[]> rows = new ArrayList<>();
        Instant start = now.minus(Duration.ofDays(DAYS));
        for (int d = 0; d < DRIVERS; d++) {
            double skill = 0.3 + 0.6 * random.nextDouble();
            for (Instant t = start.plus(Duration.ofHours(1)); !t.isAfter(now); t = t.plus(Duration.ofHours(1))) {
                double conv = clamp(skill + random.nextGaussian() * 0.08);
                if (percentOverTheLastDay && t.isAfter(dayAgo)) {
                    conv *= 100;
                }
                double acc = clamp(skill + 0.1 + random.nextGaussian() * 0.05);
                rows.add(new Object[] {FIRST_DRIVER + d, t, t.plusSeconds(random.nextInt(300)), conv, acc,
                        (long) (10 + skill * 20 + random.nextInt(5)), (long) random.nextInt(4)});
            }
        }
        ParquetTables.write(dir.resolve("data/driver_hourly.parquet"), List.of(
                new Column("driver_id", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP),
                new Column("created", ValueType.TIMESTAMP), new Column("conv_rate", ValueType.FLOAT64),
                new Column("acc_rate", ValueType.FLOAT64), new Column("avg_daily_trips", ValueType.INT64),
                new Column("trips", ValueType.INT64)), rows);
    }

    private void writeCustomerDaily() {
        Random random = new Random(7);
        String[] tiers = {"bronze", "silver", "gold", "platinum"};
        List<Object[]> rows = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            long trips = random.nextInt(200);
            String tier = tiers[random.nextInt(tiers.length)];
            for (int day = DAYS - 1; day >= 0; day--) {
                Instant t = now.minus(Duration.ofDays(day)).truncatedTo(ChronoUnit.DAYS);
                trips += random.nextInt(3);
                // one customer in ten has no known balance: the sample shows nulls too
                Double balance = c % 10 == 9 ? null : Math.round(random.nextDouble() * 50_000) / 100.0;
                rows.add(new Object[] {FIRST_CUSTOMER + c, t, balance, 1 + random.nextDouble() * 2, trips, tier});
            }
        }
        ParquetTables.write(dir.resolve("data/customer_daily.parquet"), List.of(
                new Column("customer_id", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP),
                new Column("current_balance", ValueType.FLOAT64), new Column("avg_passenger_count", ValueType.FLOAT64),
                new Column("lifetime_trip_count", ValueType.INT64), new Column("tier", ValueType.STRING)), rows);
    }

    private void writeEntities() {
        Random random = new Random(11);
        List<Object[]> rows = new ArrayList<>();
        long spanSeconds = Duration.ofDays(DAYS - 1).toSeconds();
        for (int i = 0; i < ENTITY_ROWS; i++) {
            Instant t = now.minusSeconds(random.nextLong(spanSeconds));
            rows.add(new Object[] {FIRST_DRIVER + random.nextInt(DRIVERS), FIRST_CUSTOMER + random.nextInt(CUSTOMERS), t});
        }
        ParquetTables.write(dir.resolve("data/entities.parquet"), List.of(
                new Column("driver_id", ValueType.INT64), new Column("customer_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP)), rows);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static final String CONFIG = """
            # Granary feature repository (see docs/operations.md for every key).
            project: rides
            # Embedded defaults: registry in .granary/registry (H2), online store in .granary/online.
            # For production, point at PostgreSQL and Redis:
            # registry: { url: "jdbc:postgresql://127.0.0.1:5432/granary", user: granary }
            # online:   { type: redis, url: "redis://127.0.0.1:6379" }
            # Scheduled health checks of the feature services that log, kept as a history (docs/health.md):
            # monitoring: { interval: 1h }
            """;

    static final String DEFINITIONS = """
            import static dev.granary.dsl.Aggregations.count;
            import static dev.granary.dsl.Aggregations.mean;
            import static dev.granary.dsl.Aggregations.sum;
            import static dev.granary.spec.ValueType.FLOAT64;
            import static dev.granary.spec.ValueType.INT64;
            import static dev.granary.spec.ValueType.STRING;

            import dev.granary.dsl.Entity;
            import dev.granary.dsl.FeatureDefinitions;
            import dev.granary.dsl.FeatureRepo;
            import dev.granary.dsl.FeatureView;
            import dev.granary.dsl.Source;
            import java.time.Duration;

            /** Features of a ride-hailing service: drivers, customers, and what a ranking model uses. */
            public class RidesFeatures implements FeatureDefinitions {
                @Override
                public void define(FeatureRepo repo) {
                    Entity driver = repo.entity("driver").key("driver_id", INT64).description("A ride-hailing driver");
                    Entity customer = repo.entity("customer").key("customer_id", INT64).description("A rider");

                    Source hourly = repo.parquet("driver_hourly", "data/driver_hourly.parquet")
                            .timestamp("event_timestamp").created("created")
                            .description("Hourly driver statistics from the trips pipeline");
                    Source daily = repo.parquet("customer_daily", "data/customer_daily.parquet")
                            .timestamp("event_timestamp")
                            .description("Daily customer profile snapshot");

                    FeatureView stats = repo.featureView("driver_stats", driver, hourly)
                            .ttl(Duration.ofDays(1))
                            .feature("conv_rate", FLOAT64, "Fraction of ride offers the driver converted")
                            .feature("acc_rate", FLOAT64, "Fraction of ride offers the driver accepted")
                            .feature("avg_daily_trips", INT64, "Average number of trips per day over the last month")
                            .owner("rides-team").tag("team", "rides").tag("tier", "gold")
                            .description("Latest hourly quality statistics of each driver");

                    FeatureView activity = repo.featureView("driver_activity", driver, hourly)
                            .ttl(Duration.ofDays(7))
                            .aggregate("trips_7d", sum("trips"), Duration.ofDays(7), "Trips completed in the last 7 days")
                            .aggregate("trips_24h", sum("trips"), Duration.ofDays(1), "Trips completed in the last 24 hours")
                            .aggregate("conv_rate_mean_24h", mean("conv_rate"), Duration.ofDays(1),
                                    "Mean conversion rate over the last 24 hours")
                            .aggregate("active_hours_24h", count("conv_rate"), Duration.ofDays(1),
                                    "Hours with a reported conversion rate in the last 24 hours")
                            .owner("rides-team").tag("team", "rides")
                            .description("Rolling activity of each driver");

                    FeatureView profile = repo.featureView("customer_profile", customer, daily)
                            .ttl(Duration.ofDays(2))
                            .feature("current_balance", FLOAT64, "Account balance in dollars")
                            .feature("avg_passenger_count", FLOAT64, "Average passengers per ride")
                            .feature("lifetime_trip_count", INT64, "Trips taken since sign-up")
                            .feature("tier", STRING, "Loyalty tier: bronze, silver, gold or platinum")
                            .owner("growth-team").tag("team", "growth").tag("pii", "false")
                            .description("Daily profile of each customer");

                    repo.featureService("driver_ranking",
                            stats.select("conv_rate", "acc_rate"),
                            activity.select("trips_7d"),
                            profile.select("current_balance"));
                }
            }
            """;
}
