package dev.granary.config;

import static java.util.Objects.requireNonNull;

import dev.granary.error.ConfigException;
import java.util.List;

/**
 * How {@code granary serve} writes its log ({@code logging.*}).
 *
 * @param format {@code logging.format}: {@code text} (default, one readable line per event) or {@code json} (one
 *               JSON object per line in Logstash's field names: {@code @timestamp}, {@code level},
 *               {@code logger_name}, {@code thread_name}, {@code message}, {@code stack_trace}), for log
 *               collectors
 */
public record LoggingSettings(String format) {
    /** The values of {@code logging.format}. */
    public static final java.util.List<String> FORMATS = java.util.List.of("text", "json");
    public static final LoggingSettings TEXT = new LoggingSettings("text");

    public LoggingSettings {
        requireNonNull(format, "format is null");
        if (!FORMATS.contains(format)) {
            throw new ConfigException("logging.format", "logging.format must be one of " + FORMATS + ", got '"
                    + format + "'");
        }
    }

    public boolean json() {
        return format.equals("json");
    }
}
