package dev.granary.statistics;

import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parquet data for {@code Samples.rides()} under {@code root/data}: {@value #DRIVER_ROWS} hourly driver rows
 * (driver i % 5, hour i; conv_rate = (i % 10) / 10, null every 7th row; trips = i % 4) and
 * {@value #CUSTOMER_ROWS} daily customer rows (segment "gold" for every third row, else "silver").
 */
public final class RidesData {
    public static final int DRIVER_ROWS = 40;
    public static final int CUSTOMER_ROWS = 12;
    public static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private RidesData() {
    }

    public static void write(Path root) {
        try {
            Files.createDirectories(root.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Object[]> drivers = new ArrayList<>();
        for (int i = 0; i < DRIVER_ROWS; i++) {
            Instant t = T0.plusSeconds(3600L * i);
            drivers.add(new Object[] {1000L + i % 5, t, t, convRate(i), 0.9, (long) (i % 4)});
        }
        ParquetTables.write(root.resolve("data/driver_hourly.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("created", ValueType.TIMESTAMP),
                new Column("conv_rate", ValueType.FLOAT64), new Column("acc_rate", ValueType.FLOAT64),
                new Column("trips", ValueType.INT64)), drivers);
        List<Object[]> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMER_ROWS; i++) {
            customers.add(new Object[] {2000L + i, T0.plusSeconds(86_400L * i), 10.0 * i, i % 3 == 0 ? "gold" : "silver"});
        }
        ParquetTables.write(root.resolve("data/customer_daily.parquet"), List.of(new Column("customer_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("avg_spend", ValueType.FLOAT64),
                new Column("customer_segment", ValueType.STRING)), customers);
    }

    /** The conv_rate of driver row {@code i}, null every 7th row. */
    public static Double convRate(int i) {
        return i % 7 == 0 ? null : (i % 10) / 10.0;
    }
}
