package dev.granary.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.granary.online.FeatureValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The body of {@code /get-online-features} in the shape of Feast's feature server: the output names (entity
 * columns first, then features, in request order) and one column of values, statuses and event times per name.
 * Entity columns and NOT_FOUND values carry the epoch as event time; values are JSON numbers, strings, booleans,
 * lists, base64 (bytes) or ISO-8601 strings (timestamps).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FeastResponse(Metadata metadata, List<Column> results) {
    static final String EPOCH = "1970-01-01T00:00:00Z";

    /** {@code {"feature_names": [...]}}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Metadata(@JsonProperty("feature_names") List<String> featureNames) {
    }

    /** One name's values, statuses and event times, one per request row (values may be null). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Column(List<Object> values, List<String> statuses,
                         @JsonProperty("event_timestamps") List<String> eventTimestamps) {
    }

    static FeastResponse of(LookupResult result) {
        int rows = result.size();
        List<String> names = new ArrayList<>(result.entityNames().size() + result.featureNames().size());
        names.addAll(result.entityNames());
        names.addAll(result.featureNames());
        List<Column> columns = new ArrayList<>(names.size());
        List<String> present = java.util.Collections.nCopies(rows, "PRESENT");
        List<String> epochs = java.util.Collections.nCopies(rows, EPOCH);
        for (List<Object> entity : result.entityColumns()) {
            columns.add(new Column(entity, present, epochs));
        }
        // the features of one view share their row's event time: format each distinct time of a row once
        Instant[] lastTime = new Instant[rows];
        String[] lastText = new String[rows];
        for (int f = 0; f < result.featureNames().size(); f++) {
            List<Object> values = new ArrayList<>(rows);
            List<String> statuses = new ArrayList<>(rows);
            List<String> times = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                FeatureValue value = result.rows().get(r).get(f);
                values.add(json(value.value()));
                statuses.add(value.status().name());
                Instant time = value.eventTime();
                if (time == null) {
                    times.add(EPOCH);
                } else {
                    if (!time.equals(lastTime[r])) {
                        lastTime[r] = time;
                        lastText[r] = time.toString();
                    }
                    times.add(lastText[r]);
                }
            }
            columns.add(new Column(values, statuses, times));
        }
        return new FeastResponse(new Metadata(names), columns);
    }

    private static Object json(Object value) {
        return switch (value) {
            case null -> null;
            case Instant t -> t.toString();
            case byte[] b -> Base64.getEncoder().encodeToString(b);
            case List<?> list -> list.stream().map(FeastResponse::json).toList();
            default -> value;
        };
    }
}
