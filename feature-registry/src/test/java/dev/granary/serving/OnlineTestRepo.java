package dev.granary.serving;

import dev.granary.client.OnlineTestSpec;
import dev.granary.offline.ParquetTables;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A feature repository for online tests: Parquet sources written with {@link ParquetTables}, a spec with four
 * views, and a brute-force oracle of the point-in-time values, independent of the offline engine.
 *
 * <p>Drivers {@code 1..drivers} (INT64 key) have {@code ROWS_PER_DRIVER} rows in the folder source
 * {@code data/driver_hourly/}, 40 minutes apart, starting 3 hours before {@link #now}; every row satisfies
 * {@code acc_rate == 2 * conv_rate} and {@code trips == driver * 10 + j}, so a torn row is detectable. Drivers
 * divisible by 13 have a null {@code conv_rate} in their newest row. Customers {@code c1..c<customers>} (STRING key)
 * have one row each in the single-file source {@code data/customers.parquet}.
 *
 * <p>Views: {@code driver_stats} (TTL 1 day; conv_rate, acc_rate, trips, aggregation trips_1d = SUM(trips) over 1
 * day), {@code driver_recent} (TTL 1 hour; conv_rate), {@code customer_stats} (no TTL; level, score),
 * {@code driver_archive} (offline only). Service {@code ranking}: driver_stats:conv_rate, driver_stats:trips,
 * customer_stats:level.
 */
public record OnlineTestRepo(Path dir, String project, Instant now, int drivers, int customers, RepoSpec spec) {
    public static final int ROWS_PER_DRIVER = 4;

    /** A source row of a driver. */
    public record DriverRow(long driver, int j, Instant time, Double convRate, double accRate, long trips) {
    }

    public static OnlineTestRepo create(Path dir, String project, int drivers, int customers, String onlineYaml) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        OnlineTestRepo repo = new OnlineTestRepo(dir, project, now, drivers, customers, spec(project));
        try {
            Files.createDirectories(dir.resolve("data/driver_hourly"));
            Files.writeString(dir.resolve("granary.yaml"), "project: " + project + "\n"
                    + (onlineYaml == null ? "" : onlineYaml + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        repo.writeDrivers(dir.resolve("data/driver_hourly/part-0.parquet"), repo.driverRows());
        List<Object[]> customerRows = new ArrayList<>();
        for (int c = 1; c <= customers; c++) {
            customerRows.add(new Object[] {"c" + c, now.minus(Duration.ofHours(5)).plusSeconds(c), "level-" + (c % 3),
                    c * 1.5});
        }
        ParquetTables.write(dir.resolve("data/customers.parquet"), List.of(
                new ParquetTables.Column("customer_id", ValueType.STRING),
                new ParquetTables.Column("event_timestamp", ValueType.TIMESTAMP),
                new ParquetTables.Column("level", ValueType.STRING),
                new ParquetTables.Column("score", ValueType.FLOAT64)), customerRows);
        return repo;
    }

    /** The spec of {@link OnlineTestSpec}: four views and one service over the two sources. */
    public static RepoSpec spec(String project) {
        return OnlineTestSpec.of(project);
    }

    public List<DriverRow> driverRows() {
        List<DriverRow> rows = new ArrayList<>();
        Instant base = now.minus(Duration.ofHours(3));
        for (long d = 1; d <= drivers; d++) {
            for (int j = 0; j < ROWS_PER_DRIVER; j++) {
                Instant time = base.plus(Duration.ofMinutes(40L * j)).plusSeconds(d % 37);
                double rate = ((d * 7 + j) % 100) / 100.0;
                Double conv = d % 13 == 0 && j == ROWS_PER_DRIVER - 1 ? null : rate;
                rows.add(new DriverRow(d, j, time, conv, rate * 2, d * 10 + j));
            }
        }
        return rows;
    }

    public void writeDrivers(Path file, List<DriverRow> rows) {
        List<Object[]> table = new ArrayList<>();
        for (DriverRow r : rows) {
            table.add(new Object[] {r.driver(), r.time(), r.time(), r.convRate(), r.accRate(), r.trips()});
        }
        ParquetTables.write(file, List.of(
                new ParquetTables.Column("driver_id", ValueType.INT64),
                new ParquetTables.Column("event_timestamp", ValueType.TIMESTAMP),
                new ParquetTables.Column("created", ValueType.TIMESTAMP),
                new ParquetTables.Column("conv_rate", ValueType.FLOAT64),
                new ParquetTables.Column("acc_rate", ValueType.FLOAT64),
                new ParquetTables.Column("trips", ValueType.INT64)), table);
    }

    /**
     * The oracle: per driver, the newest source row with {@code start <= time <= end} and, when {@code ttl > 0},
     * {@code time >= end - ttl}.
     */
    public Map<Long, DriverRow> asOf(Instant start, Instant end, long ttlSeconds) {
        Map<Long, DriverRow> out = new HashMap<>();
        for (DriverRow r : driverRows()) {
            boolean inRange = !r.time().isBefore(start) && !r.time().isAfter(end)
                    && (ttlSeconds == 0 || !r.time().isBefore(end.minusSeconds(ttlSeconds)));
            if (inRange) {
                out.merge(r.driver(), r, (a, b) -> a.time().isAfter(b.time()) ? a : b);
            }
        }
        return out;
    }

    /** The oracle of {@code trips_1d}: SUM(trips) of a driver's rows with {@code end - 1 day < time <= end}. */
    public Map<Long, Long> tripsOneDay(Instant start, Instant end) {
        Map<Long, Long> out = new HashMap<>();
        for (DriverRow r : driverRows()) {
            if (!r.time().isBefore(start) && !r.time().isAfter(end) && r.time().isAfter(end.minus(Duration.ofDays(1)))) {
                out.merge(r.driver(), r.trips(), Long::sum);
            }
        }
        return out;
    }

    public FeatureViewSpec view(String name) {
        return spec.featureView(name).orElseThrow();
    }
}
