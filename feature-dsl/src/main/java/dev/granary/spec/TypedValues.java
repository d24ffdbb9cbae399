package dev.granary.spec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The one coercion of a value into its declared {@link ValueType}, used wherever a value enters Granary: pushed and
 * written rows, lookup keys, text from the command line and values written to an online store. Every number is
 * checked against its type: an INT32 fits 32 bits, an INT64 64 bits (a JSON integer such as 2^64 + 7 is refused, not
 * wrapped), a FLOAT32 the float range, and a float is finite unless the caller allows NaN and infinities (JSON has
 * neither, so a JSON number such as {@code 1e400} is refused).
 *
 * <p>Accepted inputs are the values a JSON reader yields (Long, BigInteger, Double, String, Boolean, List) and the
 * typed values themselves (Integer, Float, Instant, byte[]). The results: Boolean, Integer (INT32), Long (INT64),
 * Float, Double, String, byte[] (BYTES, also from base64 text), Instant (TIMESTAMP, also from the ISO spellings of
 * {@link #instant}), and for list types a List of those without nulls.
 */
public final class TypedValues {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private TypedValues() {
    }

    /**
     * {@code v} as a value of {@code type}; null stays null.
     *
     * @param allowNonFinite whether NaN and infinities are kept for FLOAT32/FLOAT64 (values computed offline may hold
     *                       them; values read from JSON never do)
     * @throws ValueMismatchException when {@code v} is not of the type or out of its range
     */
    public static Object of(ValueType type, Object v, boolean allowNonFinite) {
        if (v == null) {
            return null;
        }
        if (type.isList()) {
            if (!(v instanceof List<?> list)) {
                throw mismatch(v, "a list of " + type.elementType());
            }
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) {
                    throw new ValueMismatchException("holds null at [" + i + "]; lists cannot hold nulls, leave the"
                            + " element out");
                }
                out.add(of(type.elementType(), list.get(i), allowNonFinite));
            }
            return out;
        }
        return switch (type) {
            case BOOL -> v instanceof Boolean ? v : fail(v, "true or false");
            case INT32 -> {
                long l = integral(v, type);
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    throw mismatch(v, "an INT32 between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE
                            + " (declare it INT64 for larger values)");
                }
                yield (int) l;
            }
            case INT64 -> integral(v, type);
            case FLOAT32 -> {
                double d = floating(v, type, allowNonFinite);
                if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                    throw mismatch(v, "a FLOAT32 within +-" + Float.MAX_VALUE + " (declare it FLOAT64 for larger"
                            + " values)");
                }
                yield (float) d;
            }
            case FLOAT64 -> floating(v, type, allowNonFinite);
            case STRING -> v instanceof String ? v : fail(v, "a string");
            case BYTES -> {
                if (v instanceof byte[]) {
                    yield v;
                }
                if (v instanceof String s) {
                    try {
                        yield Base64.getDecoder().decode(s);
                    } catch (IllegalArgumentException e) {
                        // refused below
                    }
                }
                yield fail(v, "base64 text");
            }
            case TIMESTAMP -> v instanceof Instant ? v : instant(v);
            default -> throw new IllegalStateException("not a scalar type: " + type);
        };
    }

    /**
     * Text (a command-line value such as {@code driver_id=1001}) as a value of scalar {@code type}: integers, floats
     * and booleans are parsed, timestamps read as by {@link #instant}, strings kept, bytes read as base64.
     *
     * @throws ValueMismatchException when the text does not parse as the type
     */
    public static Object ofText(ValueType type, String text) {
        String t = text.trim();
        return switch (type) {
            case INT32, INT64 -> {
                BigInteger parsed;
                try {
                    parsed = new BigInteger(t);
                } catch (NumberFormatException e) {
                    throw mismatch(text, "an integer");
                }
                yield of(type, parsed, false);
            }
            case FLOAT32, FLOAT64 -> {
                try {
                    yield of(type, Double.parseDouble(t), false);
                } catch (NumberFormatException e) {
                    throw mismatch(text, "a number");
                }
            }
            case BOOL -> switch (t.toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw mismatch(text, "true or false");
            };
            default -> of(type, text, false);
        };
    }

    /**
     * An instant in one of the spellings Feast's clients and docs send: ISO-8601 with {@code T} or a space between date
     * and time ({@code 2022-05-13 10:59:42+00:00}, as Python's {@code str(datetime)} writes it), with or without a
     * zone (none means UTC, as Feast reads it), with or without fractional seconds.
     *
     * @throws ValueMismatchException when {@code v} is no such text
     */
    public static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof String s) {
            try {
                return Instant.parse(s); // the common spelling, fastest
            } catch (DateTimeParseException e) {
                // the other spellings below
            }
            String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
            try {
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from,
                        LocalDateTime::from);
                return parsed instanceof ZonedDateTime z ? z.toInstant()
                        : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // refused below
            }
        }
        throw mismatch(v, "an ISO-8601 time such as 2026-11-20T10:00:00Z or 2026-11-20 10:00:00 (no zone = UTC)");
    }

    private static long integral(Object v, ValueType type) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            if (b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0) {
                return b.longValue();
            }
            throw mismatch(v, type == ValueType.INT32 ? "an INT32" : "an INT64 between " + Long.MIN_VALUE + " and "
                    + Long.MAX_VALUE);
        }
        throw mismatch(v, "an integer (" + type + ")");
    }

    private static double floating(Object v, ValueType type, boolean allowNonFinite) {
        if (!(v instanceof Number n)) {
            throw mismatch(v, "a number (" + type + ")");
        }
        double d = n instanceof BigDecimal b ? b.doubleValue() : n.doubleValue();
        if (!allowNonFinite && !Double.isFinite(d)) {
            throw mismatch(v, "a finite " + type + " (within +-" + (type == ValueType.FLOAT32 ? Float.MAX_VALUE
                    : Double.MAX_VALUE) + ")");
        }
        return d;
    }

    private static Object fail(Object v, String expected) {
        throw mismatch(v, expected);
    }

    private static ValueMismatchException mismatch(Object v, String expected) {
        return new ValueMismatchException("is " + (v instanceof String ? "'" + v + "'" : String.valueOf(v)) + "; give "
                + expected);
    }
}
