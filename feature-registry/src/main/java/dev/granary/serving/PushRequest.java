package dev.granary.serving;

import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows to push into one feature view: column-wise {@code df} with the join keys, the event timestamp
 * ({@code event_timestamp} or the source's timestamp column, ISO-8601) and some of the view's features.
 *
 * @param project     the project, or null for the server's default
 * @param featureView the view (or, from {@code push_source_name}, the push source or view) to write into
 * @param targetField the body field that named it: {@code feature_view}, {@code push_source_name} or
 *                    {@code feature_view_name}
 * @param to          where to write
 */
public record PushRequest(String project, String featureView, String targetField, Map<String, List<Object>> df,
                          Target to) {
    public PushRequest {
        targetField = targetField == null ? "feature_view" : targetField;
        if (featureView == null || featureView.isBlank()) {
            throw new BadRequestException(targetField, "'" + targetField + "' is required: the "
                    + (targetField.equals("push_source_name") ? "push source" : "view") + " to write into");
        }
        requireNonNull(df, "df is null");
        df = Collections.unmodifiableMap(new LinkedHashMap<>(df));
        to = to == null ? Target.ONLINE : to;
    }

    /** Where pushed rows go ({@code "to"}: {@code online}, {@code offline}, {@code online_and_offline}). */
    public enum Target {
        ONLINE, OFFLINE, ONLINE_AND_OFFLINE;

        public boolean online() {
            return this != OFFLINE;
        }

        public boolean offline() {
            return this != ONLINE;
        }

        /** Parses the JSON value; unknown → {@link BadRequestException} naming {@code to}. */
        public static Target parse(String text) {
            if (text == null) {
                return ONLINE;
            }
            return switch (text) {
                case "online" -> ONLINE;
                case "offline" -> OFFLINE;
                case "online_and_offline" -> ONLINE_AND_OFFLINE;
                default -> throw new BadRequestException("to", "'to' is '" + text
                        + "'; use 'online', 'offline' or 'online_and_offline'");
            };
        }
    }

    /** What a push did: rows applied and rows skipped as not newer online, and the Parquet file written, if any. */
    public record Result(long applied, long skipped, String offlineFile) {
    }
}
