package dev.granary.config;

import static java.util.Objects.requireNonNull;

/** A password or token: {@link #toString()} never shows it, so it cannot leak into logs or error messages. */
public record Secret(String value) {
    public Secret {
        requireNonNull(value, "value is null");
    }

    /** The secret itself, for the one place that passes it to a driver. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
