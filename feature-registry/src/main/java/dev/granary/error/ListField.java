package dev.granary.error;

import java.util.List;

/**
 * A list a user gives in a request body ({@code views}, {@code features}): copied, with a null element refused as a
 * {@link BadRequestException} naming {@code field[i]} instead of failing deeper down.
 */
public final class ListField {
    private ListField() {
    }

    /** An unmodifiable copy of {@code values}, empty when null. */
    public static <T> List<T> copy(String field, List<T> values) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new BadRequestException(field + "[" + i + "]", field + "[" + i + "] is null; give a name");
            }
        }
        return List.copyOf(values);
    }
}
