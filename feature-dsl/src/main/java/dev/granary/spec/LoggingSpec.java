package dev.granary.spec;

/**
 * Logging of what a feature service serves: the share of lookups by the service that are written to the feature
 * log, and where the log lives. The validator checks {@code 0 < sampleRate <= 1}.
 *
 * @param sampleRate the probability that one lookup is logged (all of its rows)
 * @param folder     the log's folder (relative to {@code offline.root} unless absolute); empty for the default
 *                   {@code _feature_logs}
 */
public record LoggingSpec(double sampleRate, String folder) {
    /** The folder under {@code offline.root} where logs go unless a service names one. */
    public static final String DEFAULT_FOLDER = "_feature_logs";

    public LoggingSpec {
        folder = folder == null ? "" : folder;
    }

    public LoggingSpec(double sampleRate) {
        this(sampleRate, "");
    }

    /** Whether the rate is a probability above zero: {@code 0 < sampleRate <= 1}. */
    public boolean validRate() {
        return sampleRate > 0 && sampleRate <= 1;
    }

    /** The folder to write to, relative to {@code offline.root} unless absolute. */
    public String folderOrDefault() {
        return folder.isBlank() ? DEFAULT_FOLDER : folder;
    }
}
