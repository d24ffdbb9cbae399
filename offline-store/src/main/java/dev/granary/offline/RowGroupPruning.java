package dev.granary.offline;

import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Skipping a Parquet row group whose event times cannot fall in a range, from the column chunk's min/max
 * statistics. Shared by the point-in-time scan and the statistics scan, so both prune by the same rule.
 */
public final class RowGroupPruning {
    private RowGroupPruning() {
    }

    /**
     * Whether {@code block} may hold a value of {@code timeColumn} in {@code [fromMicros, toMicros]}: true unless
     * its INT64 statistics prove otherwise (INT96 statistics are not trustworthy; missing ones prove nothing).
     */
    public static boolean mayOverlap(BlockMetaData block, String timeColumn, PrimitiveType type, long fromMicros,
                                     long toMicros) {
        if (type.getPrimitiveTypeName() != PrimitiveTypeName.INT64) {
            return true;
        }
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            if (chunk.getPath().size() == 1 && chunk.getPath().toArray()[0].equals(timeColumn)) {
                Statistics<?> stats = chunk.getStatistics();
                if (stats == null || stats.isEmpty() || !stats.hasNonNullValue()) {
                    return true;
                }
                long min = ParquetTypes.micros((Long) stats.genericGetMin(), type);
                long max = ParquetTypes.micros((Long) stats.genericGetMax(), type);
                return max >= fromMicros && min <= toMicros;
            }
        }
        return true;
    }
}
