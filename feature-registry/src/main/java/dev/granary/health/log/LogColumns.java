package dev.granary.health.log;

/**
 * The columns of a feature log besides the entity keys and the feature values (one column per served feature,
 * named as served): the request time (the log's event timestamp), the service, the spec version and one status
 * column per feature ({@code conv_rate__status}: PRESENT, NOT_FOUND, NULL_VALUE or OUTSIDE_MAX_AGE).
 */
public final class LogColumns {
    public static final String REQUEST_TIME = "request_time";
    public static final String FEATURE_SERVICE = "feature_service";
    public static final String SPEC_VERSION = "spec_version";
    private static final String STATUS_SUFFIX = "__status";

    private LogColumns() {
    }

    /** The status column of the feature served as {@code feature}. */
    public static String status(String feature) {
        return feature + STATUS_SUFFIX;
    }

    /** The folder of {@code service}'s logs under the log root: {@code service=<name>}. */
    public static String serviceFolder(String service) {
        return "service=" + service;
    }
}
