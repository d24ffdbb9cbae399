package dev.granary.health;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The verdict of a health check, worst last: a measure at half its threshold warns, at its threshold alerts. */
public enum HealthStatus {
    OK, WARN, ALERT;

    /** The worse of the two. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** {@code ok}, {@code warn}, {@code alert}: the spelling in JSON and tables. */
    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of {@code value} against an alert threshold. */
    public static HealthStatus of(double value, double alert) {
        if (value >= alert) {
            return ALERT;
        }
        return value >= alert / 2 ? WARN : OK;
    }
}
