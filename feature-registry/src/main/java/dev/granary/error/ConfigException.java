package dev.granary.error;

/** A {@code granary.yaml} or {@code GRANARY_*} setting that is unknown or invalid. HTTP 400, exit code 2. */
public class ConfigException extends BadRequestException {
    public ConfigException(String key, String message) {
        super("CONFIG_INVALID", key, message, null);
    }

    public ConfigException(String key, String message, Throwable cause) {
        super("CONFIG_INVALID", key, message, cause);
    }
}
