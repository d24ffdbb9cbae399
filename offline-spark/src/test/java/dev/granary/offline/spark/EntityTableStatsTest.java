package dev.granary.offline.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.ValueType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entity table's row count and time bounds read from its Parquet footer, without Spark. */
class EntityTableStatsTest {
    private static final List<Column> COLUMNS = List.of(new Column("driver_id", ValueType.INT64),
            new Column("event_timestamp", ValueType.TIMESTAMP));

    @TempDir
    Path dir;

    @Test
    void footerGivesRowCountAndTimeBoundsIgnoringNulls() {
        Path file = dir.resolve("entities.parquet");
        Instant early = Instant.parse("2026-01-01T00:00:00.000001Z");
        Instant late = Instant.parse("2026-01-03T12:00:00Z");
        ParquetTables.write(file, COLUMNS, List.of(new Object[] {1L, late}, new Object[] {2L, null},
                new Object[] {3L, early}));

        EntityTableStats stats = EntityTableStats.fromFooter(file, "event_timestamp").orElseThrow();

        assertThat(stats.rows()).isEqualTo(3);
        assertThat(stats.minMicros()).isEqualTo(early.getEpochSecond() * 1_000_000L + 1);
        assertThat(stats.maxMicros()).isEqualTo(late.getEpochSecond() * 1_000_000L);
    }

    @Test
    void tableWithoutTimesHasNoBounds() {
        Path file = dir.resolve("entities.parquet");
        ParquetTables.write(file, COLUMNS, List.of(new Object[] {1L, null}, new Object[] {2L, null}));

        EntityTableStats stats = EntityTableStats.fromFooter(file, "event_timestamp").orElseThrow();

        assertThat(stats.rows()).isEqualTo(2);
        assertThat(stats.minMicros()).isNull();
        assertThat(stats.maxMicros()).isNull();
    }

    @Test
    void columnThatIsNotATimestampLeavesTheFiguresToSpark() {
        Path file = dir.resolve("entities.parquet");
        ParquetTables.write(file, COLUMNS, List.<Object[]>of(new Object[] {1L, Instant.EPOCH}));

        assertThat(EntityTableStats.fromFooter(file, "driver_id")).isEmpty();
        assertThat(EntityTableStats.fromFooter(file, "no_such_column")).isEmpty();
    }
}
