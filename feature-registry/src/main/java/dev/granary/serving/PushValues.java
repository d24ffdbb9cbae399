package dev.granary.serving;

import dev.granary.error.BadRequestException;
import dev.granary.spec.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Turns pushed JSON values (numbers, strings, booleans, lists) into the Java values of a column's type. */
final class PushValues {
    private PushValues() {
    }

    /** Converts one column; {@code type} null (an aggregation typed only by its data) keeps numbers as they are. */
    static List<Object> column(String field, ValueType type, List<Object> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (int r = 0; r < values.size(); r++) {
            out.add(value(field + "[" + r + "]", type, values.get(r)));
        }
        return out;
    }

    static Object value(String field, ValueType type, Object v) {
        if (v == null) {
            return null;
        }
        if (type == null) {
            if (v instanceof Number n) {
                return n instanceof Double || n instanceof Float || n instanceof BigDecimal ? n.doubleValue() : n.longValue();
            }
            throw wrong(field, "a number", v);
        }
        if (type.isList()) {
            if (!(v instanceof List<?> list)) {
                throw wrong(field, "a list", v);
            }
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) {
                    throw new BadRequestException(field + "[" + i + "]", "Lists cannot hold nulls; leave the element out");
                }
                out.add(value(field + "[" + i + "]", type.elementType(), list.get(i)));
            }
            return out;
        }
        return switch (type) {
            case BOOL -> v instanceof Boolean ? v : fail(field, "true or false", v);
            case INT32 -> integral(v) && ((Number) v).longValue() == ((Number) v).intValue() ? ((Number) v).intValue()
                    : fail(field, "an integer of 32 bits", v);
            case INT64 -> integral(v) ? ((Number) v).longValue() : fail(field, "an integer", v);
            case FLOAT32 -> v instanceof Number n ? n.floatValue() : fail(field, "a number", v);
            case FLOAT64 -> v instanceof Number n ? n.doubleValue() : fail(field, "a number", v);
            case STRING -> v instanceof String ? v : fail(field, "a string", v);
            case BYTES -> {
                if (!(v instanceof String s)) {
                    yield fail(field, "base64 text", v);
                }
                try {
                    yield Base64.getDecoder().decode(s);
                } catch (IllegalArgumentException e) {
                    yield fail(field, "base64 text", v);
                }
            }
            case TIMESTAMP -> instant(field, v);
            default -> fail(field, type.name(), v);
        };
    }

    static Instant instant(String field, Object v) {
        if (v instanceof String s) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                // fall through to the error below
            }
        }
        throw wrong(field, "an ISO-8601 instant such as 2026-11-20T10:00:00Z", v);
    }

    private static boolean integral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger;
    }

    private static Object fail(String field, String expected, Object v) {
        throw wrong(field, expected, v);
    }

    private static BadRequestException wrong(String field, String expected, Object v) {
        return new BadRequestException(field, field + " is " + (v == null ? "null" : "'" + v + "'") + "; give "
                + expected);
    }
}
