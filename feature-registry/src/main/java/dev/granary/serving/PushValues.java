package dev.granary.serving;

import dev.granary.error.BadRequestException;
import dev.granary.spec.TypedValues;
import dev.granary.spec.ValueMismatchException;
import dev.granary.spec.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushed and written JSON values in the types of their columns, through the one coercion ({@link TypedValues}),
 * with its mismatches as 400s naming the cell ({@code df.conv_rate[3]}).
 */
final class PushValues {
    private PushValues() {
    }

    /** Converts one column; {@code type} null (an aggregation typed only by its data) keeps finite numbers. */
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
        try {
            if (type == null) {
                if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
                    return TypedValues.of(ValueType.FLOAT64, v, false);
                }
                return TypedValues.of(ValueType.INT64, v, false);
            }
            return TypedValues.of(type, v, false);
        } catch (ValueMismatchException e) {
            throw new BadRequestException(field, e.messageFor(field));
        }
    }

    /** An event time in any of Feast's spellings ({@link TypedValues#instant}). */
    static Instant instant(String field, Object v) {
        try {
            return TypedValues.instant(v);
        } catch (ValueMismatchException e) {
            throw new BadRequestException(field, e.messageFor(field));
        }
    }
}
