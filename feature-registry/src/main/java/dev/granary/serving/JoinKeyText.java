package dev.granary.serving;

import dev.granary.error.BadRequestException;
import dev.granary.spec.TypedValues;
import dev.granary.spec.ValueMismatchException;
import dev.granary.spec.ValueType;

/**
 * A join key's value given as text (the CLI's {@code --entity driver_id=1001}), converted to the key's type by the one
 * coercion ({@link TypedValues#ofText}), so a lookup from the shell reports a bad value the same way whether it runs
 * in the CLI or through the server.
 */
public final class JoinKeyText {
    private JoinKeyText() {
    }

    /**
     * {@code text} as a value of join key {@code key}: a {@code Long} for an integral type, else the text itself
     * (also when the type is not known: the lookup then names the key).
     */
    public static Object value(String key, ValueType type, String text) {
        if (type == null || !type.isIntegral()) {
            return text;
        }
        try {
            return ((Number) TypedValues.ofText(type, text)).longValue();
        } catch (ValueMismatchException e) {
            throw new BadRequestException("--entity", "Join key '" + key + "' " + e.getMessage());
        }
    }
}
