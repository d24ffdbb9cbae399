package dev.granary.online;

import dev.granary.spec.TypedValues;
import dev.granary.spec.ValueMismatchException;
import dev.granary.spec.ValueType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Compact binary values: empty = a stored null; otherwise one tag byte ({@code ValueType.ordinal() + 1}) then the
 * payload (big-endian fixed width numbers, UTF-8 strings, timestamps as epoch microseconds, lists as a count then
 * elements with strings and bytes length-prefixed). The tag lets a value decode even if the view's type changed.
 *
 * <p>A finite FLOAT32 or FLOAT64 scalar is followed by its shortest decimal in ASCII ({@link Float#toString},
 * {@link Double#toString}): printing a double is far dearer than copying its text, and values are read many times
 * for each write (see {@link ReadRow}). A value without the text (written before it was kept) still decodes.
 */
final class ValueCodec {
    private static final java.lang.invoke.VarHandle DOUBLE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            double[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle FLOAT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            float[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    static final byte[] NULL = new byte[0];
    private static final ValueType[] TYPES = ValueType.values();

    private ValueCodec() {
    }

    /** A value's stored bytes; {@code floatText}: follow a finite FLOAT32/FLOAT64 with its decimal text. */
    static byte[] encode(ValueType type, Object value, String feature, boolean floatText) {
        if (value == null) {
            return NULL;
        }
        int size = 1 + (type.isList() ? listSize(type.elementType(), asList(value, type, feature), feature)
                : scalarSize(type, value, feature, false));
        byte[] text = floatText ? decimalText(type, value) : NULL;
        ByteBuffer buf = ByteBuffer.allocate(size + text.length);
        buf.put((byte) (type.ordinal() + 1));
        if (type.isList()) {
            List<?> list = (List<?>) value;
            buf.putInt(list.size());
            for (Object element : list) {
                putScalar(buf, type.elementType(), element, feature, true);
            }
        } else {
            putScalar(buf, type, value, feature, false);
            buf.put(text);
        }
        return buf.array();
    }

    /** Whether the value at {@code bytes[offset, offset + length)} is a FLOAT64 (not a stored null). */
    static boolean isFloat64(byte[] bytes, int offset, int length) {
        return length > 0 && TYPES[bytes[offset] - 1] == ValueType.FLOAT64;
    }

    /** The FLOAT64 value at {@code bytes[offset...)} ({@link #isFloat64} said so), unboxed. */
    static double float64(byte[] bytes, int offset) {
        return (double) DOUBLE.get(bytes, offset + 1);
    }

    /** Where the stored decimal text of the value at {@code bytes[offset, offset + length)} starts, or -1. */
    static int textStart(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return -1;
        }
        int payload = switch (TYPES[bytes[offset] - 1]) {
            case FLOAT64 -> 8;
            case FLOAT32 -> 4;
            default -> -1;
        };
        return payload > 0 && length > 1 + payload ? offset + 1 + payload : -1;
    }

    private static byte[] decimalText(ValueType type, Object value) {
        // non-finite numbers have no JSON number text: printers write those themselves
        if (type == ValueType.FLOAT64 && value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return Double.toString(n.doubleValue()).getBytes(StandardCharsets.US_ASCII);
        }
        if (type == ValueType.FLOAT32 && value instanceof Number n && Float.isFinite(n.floatValue())) {
            return Float.toString(n.floatValue()).getBytes(StandardCharsets.US_ASCII);
        }
        return NULL;
    }

    /** Decodes a stored value; null for a stored null. */
    static Object decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes the stored value in {@code bytes[offset, offset + length)}; null for a stored null. */
    static Object decode(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return null;
        }
        ValueType type = TYPES[bytes[offset] - 1];
        // fixed-width scalars straight from the array: a 100-row read of 50 features decodes 5,000 of them, and a
        // ByteBuffer per value would be a third of GranaryClient's decoding (measured)
        switch (type) {
            case FLOAT64 -> {
                return float64(bytes, offset);
            }
            case INT64 -> {
                return (long) LONG.get(bytes, offset + 1);
            }
            case INT32 -> {
                return (int) INT.get(bytes, offset + 1);
            }
            case FLOAT32 -> {
                return (float) FLOAT.get(bytes, offset + 1);
            }
            default -> {
                // the rest through a buffer below
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, offset + 1, length - 1);
        if (!type.isList()) {
            return getScalar(buf, type, false);
        }
        int n = buf.getInt();
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(getScalar(buf, type.elementType(), true));
        }
        return Collections.unmodifiableList(out);
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static List<?> asList(Object value, ValueType type, String feature) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw wrongType(feature, type, value);
    }

    private static int listSize(ValueType element, List<?> list, String feature) {
        int size = 4;
        for (Object e : list) {
            if (e == null) {
                throw new InvalidOnlineRequestException("feature '" + feature + "' holds a list with a null element; "
                        + "lists may be null but not contain nulls");
            }
            size += scalarSize(element, e, feature, true);
        }
        return size;
    }

    private static int scalarSize(ValueType type, Object v, String feature, boolean inList) {
        return switch (type) {
            case BOOL -> 1;
            case INT32, FLOAT32 -> 4;
            case INT64, FLOAT64, TIMESTAMP -> 8;
            case STRING -> (v instanceof String s ? s.getBytes(StandardCharsets.UTF_8).length : fail(feature, type, v))
                    + (inList ? 4 : 0);
            case BYTES -> (v instanceof byte[] b ? b.length : fail(feature, type, v)) + (inList ? 4 : 0);
            default -> throw new IllegalStateException("not a scalar type: " + type);
        };
    }

    private static void putScalar(ByteBuffer buf, ValueType type, Object v, String feature, boolean inList) {
        switch (type) {
            case BOOL -> buf.put((byte) (bool(v, feature) ? 1 : 0));
            case INT32 -> buf.putInt(Math.toIntExact(integral(v, type, feature)));
            case INT64 -> buf.putLong(integral(v, type, feature));
            case FLOAT32 -> buf.putFloat(number(v, type, feature).floatValue());
            case FLOAT64 -> buf.putDouble(number(v, type, feature).doubleValue());
            case TIMESTAMP -> buf.putLong(micros(v instanceof Instant i ? i : throwWrong(feature, type, v)));
            case STRING -> putBytes(buf, ((String) v).getBytes(StandardCharsets.UTF_8), inList);
            case BYTES -> putBytes(buf, (byte[]) v, inList);
            default -> throw new IllegalStateException("not a scalar type: " + type);
        }
    }

    private static Object getScalar(ByteBuffer buf, ValueType type, boolean inList) {
        return switch (type) {
            case BOOL -> buf.get() != 0;
            case INT32 -> buf.getInt();
            case INT64 -> buf.getLong();
            case FLOAT32 -> buf.getFloat();
            case FLOAT64 -> buf.getDouble();
            case TIMESTAMP -> instant(buf.getLong());
            case STRING -> new String(getBytes(buf, inList), StandardCharsets.UTF_8);
            case BYTES -> getBytes(buf, inList);
            default -> throw new IllegalStateException("not a scalar type: " + type);
        };
    }

    private static void putBytes(ByteBuffer buf, byte[] bytes, boolean lengthPrefixed) {
        if (lengthPrefixed) {
            buf.putInt(bytes.length);
        }
        buf.put(bytes);
    }

    private static byte[] getBytes(ByteBuffer buf, boolean lengthPrefixed) {
        byte[] out = new byte[lengthPrefixed ? buf.getInt() : buf.remaining()];
        buf.get(out);
        return out;
    }

    private static boolean bool(Object v, String feature) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(feature, ValueType.BOOL, v);
    }

    /** The value checked by the one coercion ({@link TypedValues}; NaN and infinities stay, as computed offline). */
    private static long integral(Object v, ValueType type, String feature) {
        return ((Number) typed(v, type, feature)).longValue();
    }

    private static Number number(Object v, ValueType type, String feature) {
        return (Number) typed(v, type, feature);
    }

    private static Object typed(Object v, ValueType type, String feature) {
        try {
            return TypedValues.of(type, v, true);
        } catch (ValueMismatchException e) {
            throw new InvalidOnlineRequestException("feature '" + feature + "' is " + type + " but the value "
                    + e.getMessage() + " before writing");
        }
    }

    private static int fail(String feature, ValueType type, Object v) {
        throw wrongType(feature, type, v);
    }

    private static <T> T throwWrong(String feature, ValueType type, Object v) {
        throw wrongType(feature, type, v);
    }

    private static InvalidOnlineRequestException wrongType(String feature, ValueType type, Object v) {
        return new InvalidOnlineRequestException("feature '" + feature + "' is " + type + " but the value is "
                + v.getClass().getSimpleName() + " '" + v + "'; convert it to " + type + " before writing");
    }
}
