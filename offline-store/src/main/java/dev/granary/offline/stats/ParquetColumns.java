package dev.granary.offline.stats;

import dev.granary.spec.ValueType;
import java.util.Optional;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** The Granary value type of a Parquet column and timestamp decoding, as the offline engine reads them. */
final class ParquetColumns {
    private ParquetColumns() {
    }

    /** The value type of a top-level scalar column; empty for nested, repeated or unsupported columns. */
    static Optional<ValueType> valueType(Type type) {
        if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
            return Optional.empty();
        }
        PrimitiveType t = type.asPrimitiveType();
        if (isTimestamp(t)) {
            return Optional.of(ValueType.TIMESTAMP);
        }
        LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
        boolean plainInt = logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation;
        return switch (t.getPrimitiveTypeName()) {
            case BOOLEAN -> Optional.of(ValueType.BOOL);
            case INT32 -> plainInt ? Optional.of(ValueType.INT32) : Optional.empty();
            case INT64 -> plainInt ? Optional.of(ValueType.INT64) : Optional.empty();
            case FLOAT -> Optional.of(ValueType.FLOAT32);
            case DOUBLE -> Optional.of(ValueType.FLOAT64);
            case BINARY -> logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                    || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
                    ? Optional.of(ValueType.STRING) : Optional.of(ValueType.BYTES);
            case FIXED_LEN_BYTE_ARRAY -> Optional.of(ValueType.BYTES);
            default -> Optional.empty();
        };
    }

    static boolean isTimestamp(PrimitiveType t) {
        return t.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96
                || t.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation;
    }

    /** Epoch micros of a stored INT64 timestamp in its column's unit (naive timestamps read as UTC). */
    static long micros(long raw, PrimitiveType t) {
        TimeUnit unit = t.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation ts
                ? ts.getUnit() : TimeUnit.MICROS;
        return switch (unit) {
            case MILLIS -> raw * 1000L;
            case MICROS -> raw;
            case NANOS -> Math.floorDiv(raw, 1000L);
        };
    }

    /** Epoch micros of an INT96 (Impala) timestamp: nanos of day, little-endian, then the Julian day. */
    static long int96Micros(byte[] b) {
        long nanos = 0;
        for (int i = 7; i >= 0; i--) {
            nanos = (nanos << 8) | (b[i] & 0xFF);
        }
        int julianDay = (b[8] & 0xFF) | (b[9] & 0xFF) << 8 | (b[10] & 0xFF) << 16 | (b[11] & 0xFF) << 24;
        return (julianDay - 2_440_588L) * 86_400_000_000L + nanos / 1000L;
    }
}
