package dev.granary.spec;

/**
 * A value that is not of its declared {@link ValueType} (or out of its range); raised by {@link TypedValues}. The
 * message says what was given and what to give; callers add the field and translate it into their own error.
 */
public final class ValueMismatchException extends IllegalArgumentException {
    private final String detail;

    ValueMismatchException(String detail) {
        super(detail);
        this.detail = detail;
    }

    /** The message prefixed by the field at fault, e.g. {@code df.conv_rate[3] is '1e400'; give a finite FLOAT64}. */
    public String messageFor(String field) {
        return field + " " + detail;
    }
}
