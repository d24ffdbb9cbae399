package dev.granary.offline.spark;

import dev.granary.offline.OfflineStoreException;
import dev.granary.offline.ParquetTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The entity table's row count and its smallest and largest event time (UTC micros, null when no row has one): they
 * bound the source rows an export reads and choose the semi-join.
 *
 * @param rows       the entity table's rows
 * @param minMicros  the smallest event time, null when no row has one
 * @param maxMicros  the largest event time, null when no row has one
 */
record EntityTableStats(long rows, Long minMicros, Long maxMicros) {
    EntityTableStats {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be at least 0, got " + rows);
        }
        if ((minMicros == null) != (maxMicros == null)) {
            throw new IllegalArgumentException("min and max event times are both known or both null, got "
                    + minMicros + " and " + maxMicros);
        }
    }

    /**
     * The figures from the file's footer, without reading its rows (a Spark job would scan the table for them):
     * present when the time column is an INT64 timestamp whose every row group with values has min/max statistics.
     * Empty otherwise (INT96 times, statistics not written), and the caller aggregates the rows.
     *
     * @throws OfflineStoreException if the footer cannot be read
     */
    static Optional<EntityTableStats> fromFooter(Path file, String timeColumn) {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            ParquetMetadata footer = reader.getFooter();
            MessageType schema = footer.getFileMetaData().getSchema();
            if (!schema.containsField(timeColumn)) {
                return Optional.empty();
            }
            Type type = schema.getType(timeColumn);
            if (!type.isPrimitive() || type.asPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.INT64
                    || !(type.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation)) {
                return Optional.empty();
            }
            PrimitiveType time = type.asPrimitiveType();
            long rows = 0;
            Long min = null;
            Long max = null;
            for (BlockMetaData block : footer.getBlocks()) {
                rows += block.getRowCount();
                ColumnChunkMetaData chunk = chunk(block, timeColumn);
                if (chunk == null) {
                    return Optional.empty();
                }
                if (chunk.getValueCount() == 0) {
                    continue;
                }
                Statistics<?> stats = chunk.getStatistics();
                if (stats == null || stats.isEmpty() || !stats.isNumNullsSet()) {
                    return Optional.empty();
                }
                if (!stats.hasNonNullValue()) {
                    if (stats.getNumNulls() == chunk.getValueCount()) {
                        continue;
                    }
                    return Optional.empty();
                }
                long lo = ParquetTypes.micros((Long) stats.genericGetMin(), time);
                long hi = ParquetTypes.micros((Long) stats.genericGetMax(), time);
                min = min == null ? lo : Math.min(min, lo);
                max = max == null ? hi : Math.max(max, hi);
            }
            return Optional.of(new EntityTableStats(rows, min, max));
        } catch (IOException e) {
            throw new OfflineStoreException("cannot read the footer of the entity table " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static ColumnChunkMetaData chunk(BlockMetaData block, String column) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            if (chunk.getPath().size() == 1 && chunk.getPath().toArray()[0].equals(column)) {
                return chunk;
            }
        }
        return null;
    }
}
