package dev.granary.flight;

import dev.granary.spec.ValueType;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** One mapping between Granary's scalar types and Arrow's: timestamps are UTC microseconds. */
final class ArrowTypes {
    private ArrowTypes() {
    }

    static Field field(String name, ValueType type) {
        ArrowType arrow = switch (type) {
            case BOOL -> ArrowType.Bool.INSTANCE;
            case INT32 -> new ArrowType.Int(32, true);
            case INT64 -> new ArrowType.Int(64, true);
            case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case STRING -> ArrowType.Utf8.INSTANCE;
            case BYTES -> ArrowType.Binary.INSTANCE;
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            default -> throw new IllegalArgumentException("column '" + name + "' is " + type
                    + ", which Arrow Flight does not carry yet; request scalar features");
        };
        return new Field(name, FieldType.nullable(arrow), null);
    }

    /** The Granary type of an uploaded Arrow column. @throws IllegalArgumentException naming the column */
    static ValueType valueType(Field field) {
        ArrowType t = field.getType();
        if (t instanceof ArrowType.Bool) {
            return ValueType.BOOL;
        }
        if (t instanceof ArrowType.Int i && i.getIsSigned() && (i.getBitWidth() == 32 || i.getBitWidth() == 64)) {
            return i.getBitWidth() == 32 ? ValueType.INT32 : ValueType.INT64;
        }
        if (t instanceof ArrowType.FloatingPoint f && f.getPrecision() != FloatingPointPrecision.HALF) {
            return f.getPrecision() == FloatingPointPrecision.SINGLE ? ValueType.FLOAT32 : ValueType.FLOAT64;
        }
        if (t instanceof ArrowType.Utf8 || t instanceof ArrowType.LargeUtf8) {
            return ValueType.STRING;
        }
        if (t instanceof ArrowType.Binary || t instanceof ArrowType.LargeBinary) {
            return ValueType.BYTES;
        }
        if (t instanceof ArrowType.Timestamp) {
            return ValueType.TIMESTAMP;
        }
        throw new IllegalArgumentException("column '" + field.getName() + "' of the uploaded entity table is " + t
                + "; send booleans, 32/64-bit integers, floats, strings, binary or timestamps");
    }
}
