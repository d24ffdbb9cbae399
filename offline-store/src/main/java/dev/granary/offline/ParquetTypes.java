package dev.granary.offline;

import dev.granary.spec.ValueType;
import java.util.Optional;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * How Parquet column types map to Granary value types and in-memory kinds, and back for output. Public only so
 * the statistics sub-package reads types and timestamps the same way the join does; not part of the door.
 */
public final class ParquetTypes {
    private ParquetTypes() {
    }

    public static boolean isTimestamp(PrimitiveType t) {
        return t.getPrimitiveTypeName() == PrimitiveTypeName.INT96
                || t.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation;
    }

    /** The Granary type of a top-level Parquet column; empty for nested or unsupported columns. */
    public static Optional<ValueType> valueType(Type type) {
        if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
            return Optional.empty();
        }
        PrimitiveType t = type.asPrimitiveType();
        if (isTimestamp(t)) {
            return Optional.of(ValueType.TIMESTAMP);
        }
        LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
        return switch (t.getPrimitiveTypeName()) {
            case BOOLEAN -> Optional.of(ValueType.BOOL);
            case INT32 -> logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
                    ? Optional.of(ValueType.INT32) : Optional.empty();
            case INT64 -> logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
                    ? Optional.of(ValueType.INT64) : Optional.empty();
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

    /** Whether a column of type {@code actual} can feed a value declared as {@code declared} without loss. */
    static boolean compatible(ValueType declared, ValueType actual) {
        if (declared == actual) {
            return true;
        }
        return switch (declared) {
            case INT64 -> actual == ValueType.INT32;
            case FLOAT64 -> actual == ValueType.FLOAT32 || actual == ValueType.INT32;
            default -> false;
        };
    }

    static ColumnData.Kind kindOf(ValueType type) {
        return switch (type) {
            case BOOL, INT32, INT64, TIMESTAMP -> ColumnData.Kind.LONG;
            case FLOAT32, FLOAT64 -> ColumnData.Kind.DOUBLE;
            default -> ColumnData.Kind.OBJECT;
        };
    }

    static ColumnData.Kind kindOf(PrimitiveType t) {
        return switch (t.getPrimitiveTypeName()) {
            case BOOLEAN, INT32, INT64, INT96 -> ColumnData.Kind.LONG;
            case FLOAT, DOUBLE -> ColumnData.Kind.DOUBLE;
            default -> ColumnData.Kind.OBJECT;
        };
    }

    /** Microseconds since the epoch for a raw timestamp value in {@code unit}. */
    static long toMicros(long raw, TimeUnit unit) {
        return switch (unit) {
            case MILLIS -> raw * 1000L;
            case MICROS -> raw;
            case NANOS -> Math.floorDiv(raw, 1000L);
        };
    }

    /** Epoch micros of a stored INT64 timestamp in its column's unit (naive timestamps read as UTC). */
    public static long micros(long raw, PrimitiveType t) {
        return toMicros(raw, unitOf(t));
    }

    static TimeUnit unitOf(PrimitiveType t) {
        return t.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation ts ? ts.getUnit() : TimeUnit.MICROS;
    }

    /** Micros from an INT96 (Impala) timestamp: nanos of day (little-endian long) then Julian day (int). */
    public static long int96ToMicros(byte[] b) {
        long nanos = 0;
        for (int i = 7; i >= 0; i--) {
            nanos = (nanos << 8) | (b[i] & 0xFF);
        }
        int julianDay = (b[8] & 0xFF) | (b[9] & 0xFF) << 8 | (b[10] & 0xFF) << 16 | (b[11] & 0xFF) << 24;
        long days = julianDay - 2_440_588L;
        return days * 86_400_000_000L + nanos / 1000L;
    }

    /** The optional output column for a value of {@code type}; timestamps are UTC-adjusted micros. */
    static PrimitiveType outputType(String name, ValueType type) {
        return switch (type) {
            case BOOL -> Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
            case INT32 -> Types.optional(PrimitiveTypeName.INT32).named(name);
            case INT64 -> Types.optional(PrimitiveTypeName.INT64).named(name);
            case FLOAT32 -> Types.optional(PrimitiveTypeName.FLOAT).named(name);
            case FLOAT64 -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
            case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
            case BYTES -> Types.optional(PrimitiveTypeName.BINARY).named(name);
            case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(name);
            default -> throw new OfflineStoreException("list type " + type + " of column '" + name
                    + "' is not supported by the offline engine yet; use a scalar type");
        };
    }
}
