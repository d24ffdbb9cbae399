package dev.granary.config;

import static java.util.Objects.requireNonNull;

import dev.granary.error.ConfigException;
import java.util.Optional;

/**
 * Scheduled health checks in {@code granary serve} ({@code docs/health.md}): every feature service that logs
 * is checked each {@code interval}, and the results are kept in the registry for {@code retention}.
 *
 * @param interval  {@code monitoring.interval}: time between two rounds of checks ({@code 1h}, {@code 15m},
 *                  {@code PT30M}; at least {@value #MIN_INTERVAL_SECONDS} s); empty (the default): no scheduled
 *                  checks, no history, no health gauges
 * @param window    {@code monitoring.window}: the current window each check compares (default {@code 24h})
 * @param retention {@code monitoring.retention}: how long stored checks are kept before the rounds delete them
 *                  (default {@code 30d}); the history holds at most retention / interval checks per service
 */
public record MonitoringSettings(Optional<java.time.Duration> interval, java.time.Duration window,
                                 java.time.Duration retention) {
    public static final long MIN_INTERVAL_SECONDS = 1;
    public static final java.time.Duration DEFAULT_WINDOW = java.time.Duration.ofHours(24);
    public static final java.time.Duration DEFAULT_RETENTION = java.time.Duration.ofDays(30);
    public static final MonitoringSettings OFF = new MonitoringSettings(Optional.empty(), DEFAULT_WINDOW,
            DEFAULT_RETENTION);

    public MonitoringSettings {
        requireNonNull(interval, "interval is null");
        requireNonNull(window, "window is null");
        requireNonNull(retention, "retention is null");
        interval.ifPresent(i -> {
            if (i.getSeconds() < MIN_INTERVAL_SECONDS) {
                throw new ConfigException("monitoring.interval", "monitoring.interval must be at least "
                        + MIN_INTERVAL_SECONDS + "s, got " + i + "; write it like 15m, 1h or PT1H");
            }
        });
        positive("monitoring.window", window);
        positive("monitoring.retention", retention);
        if (interval.isPresent() && retention.compareTo(interval.get()) < 0) {
            throw new ConfigException("monitoring.retention", "monitoring.retention (" + retention
                    + ") is shorter than monitoring.interval (" + interval.get() + "): no check would be kept;"
                    + " keep at least one interval, such as 30d");
        }
    }

    public boolean enabled() {
        return interval.isPresent();
    }

    private static void positive(String key, java.time.Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException(key, key + " must be positive, got " + value + "; write it like 24h or 30d");
        }
    }
}
