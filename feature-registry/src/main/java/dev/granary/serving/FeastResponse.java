package dev.granary.serving;

import static java.util.Objects.requireNonNull;

import dev.granary.client.lookup.LookupResult;
import dev.granary.online.FeatureStatus;
import dev.granary.online.ReadRow;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code /get-online-features} in the shape of Feast's feature server:
 * {@code {"metadata": {"feature_names": [...]}, "results": [{"values": [...], "statuses": [...],
 * "event_timestamps": [...]}, ...]}}, one result per name (entity columns first, then features, in request order)
 * with one entry per request row. Entity columns are {@code PRESENT} with the epoch as event time, and so is the
 * event time of {@code NOT_FOUND}; times are ISO-8601 UTC. Values are JSON numbers, strings, booleans, lists,
 * base64 (bytes) or ISO-8601 strings (timestamps).
 *
 * <p>Written straight from the {@link LookupResult} as bytes ({@link JsonBytes}): a 100-row answer of 50 features
 * has 15,000 entries, and a JSON generator's per-call work costs more than the lookup (measured with
 * {@code ./bench online}). Floating values are copied from the text stored beside them ({@link ReadRow}), and
 * statuses and times are read without decoding the values; a value is decoded only when it has no stored text.
 */
public final class FeastResponse {
    static final String EPOCH = "1970-01-01T00:00:00Z";
    private static final byte[] EPOCH_TEXT = JsonBytes.quoted(EPOCH);
    private static final byte[][] STATUS = new byte[FeatureStatus.values().length][];
    private static final byte[] OPEN = JsonBytes.ascii("{\"metadata\":{\"feature_names\":[");
    private static final byte[] RESULTS = JsonBytes.ascii("]},\"results\":[");
    private static final byte[] VALUES = JsonBytes.ascii("{\"values\":[");
    private static final byte[] STATUSES = JsonBytes.ascii("],\"statuses\":[");
    private static final byte[] TIMES = JsonBytes.ascii("],\"event_timestamps\":[");
    private static final byte[] CLOSE_RESULT = JsonBytes.ascii("]}");
    private static final byte[] CLOSE = JsonBytes.ascii("]}");

    static {
        for (FeatureStatus status : FeatureStatus.values()) {
            STATUS[status.ordinal()] = JsonBytes.quoted(status.name());
        }
    }

    private final LookupResult result;

    private FeastResponse(LookupResult result) {
        this.result = requireNonNull(result, "result is null");
    }

    static FeastResponse of(LookupResult result) {
        return new FeastResponse(result);
    }

    /** {@code metadata.feature_names}: the entity columns, then the features. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(result.entityNames().size() + result.featureNames().size());
        names.addAll(result.entityNames());
        names.addAll(result.featureNames());
        return names;
    }

    /** The lookup this answer shows. */
    public LookupResult result() {
        return result;
    }

    /** Writes this answer as Feast's JSON (UTF-8) and returns the number of bytes written. */
    public int writeTo(OutputStream out) throws IOException {
        JsonBytes json = render();
        json.writeTo(out);
        return json.size();
    }

    /** This answer in this thread's {@link JsonBytes}, valid until the thread renders the next one. */
    JsonBytes render() {
        JsonBytes json = JsonBytes.forThisThread();
        write(json);
        return json;
    }

    private void write(JsonBytes json) {
        int rows = result.size();
        json.raw(OPEN);
        List<String> names = featureNames();
        for (int i = 0; i < names.size(); i++) {
            separate(json, i).string(names.get(i));
        }
        json.raw(RESULTS);
        int column = 0;
        for (List<Object> entity : result.entityColumns()) {
            separate(json, column++).raw(VALUES);
            for (int r = 0; r < rows; r++) {
                value(separate(json, r), entity.get(r));
            }
            json.raw(STATUSES);
            repeat(json, STATUS[FeatureStatus.PRESENT.ordinal()], rows);
            json.raw(TIMES);
            repeat(json, EPOCH_TEXT, rows);
            json.raw(CLOSE_RESULT);
        }
        // the features of one view share their row's event time: format each distinct time of a row once (later
        // ones copy the text already written, from [lastAt, lastEnd)); and neighbouring features usually have the
        // same statuses and times row for row, so those two arrays are then copied from the previous feature's text
        // (one copy instead of 2 x rows small writes)
        Instant[] lastTime = new Instant[rows];
        int[] lastAt = new int[rows];
        int[] lastEnd = new int[rows];
        List<ReadRow> values = result.rows();
        int statuses = -1;
        int statusesEnd = -1;
        int times = -1;
        int timesEnd = -1;
        int features = result.featureNames().size();
        boolean[] newStatuses = new boolean[features];
        boolean[] newTimes = new boolean[features];
        changes(values, newStatuses, newTimes);
        for (int f = 0; f < features; f++) {
            separate(json, column++).raw(VALUES);
            for (int r = 0; r < rows; r++) {
                ReadRow row = values.get(r);
                separate(json, r);
                // a floating value read from a store comes with its decimal text: copied, not decoded and formatted
                if (!json.storedText(row, f)) {
                    value(json, row.status(f) == FeatureStatus.PRESENT ? row.get(f).value() : null);
                }
            }
            json.raw(STATUSES);
            int start = json.size();
            if (f > 0 && !newStatuses[f]) {
                json.copy(statuses, statusesEnd);
            } else {
                for (int r = 0; r < rows; r++) {
                    separate(json, r).raw(STATUS[values.get(r).status(f).ordinal()]);
                }
            }
            statuses = start;
            statusesEnd = json.size();
            json.raw(TIMES);
            start = json.size();
            if (f > 0 && !newTimes[f]) {
                json.copy(times, timesEnd);
            } else {
                for (int r = 0; r < rows; r++) {
                    Instant time = values.get(r).eventTime(f);
                    if (time == null) {
                        separate(json, r).raw(EPOCH_TEXT);
                        continue;
                    }
                    separate(json, r);
                    if (time.equals(lastTime[r])) {
                        json.copy(lastAt[r], lastEnd[r]);
                    } else {
                        lastTime[r] = time;
                        lastAt[r] = json.size();
                        json.instant(time);
                        lastEnd[r] = json.size();
                    }
                }
            }
            times = start;
            timesEnd = json.size();
            json.raw(CLOSE_RESULT);
        }
        json.raw(CLOSE);
    }

    /**
     * Marks each feature whose status (or event time) differs from the previous feature's in some row, in one pass
     * row by row (the answer is written feature by feature, but each row's values lie together).
     */
    private static void changes(List<ReadRow> rows, boolean[] statuses, boolean[] times) {
        for (ReadRow row : rows) {
            for (int f = 1; f < statuses.length; f++) {
                statuses[f] |= row.status(f) != row.status(f - 1);
                times[f] |= !Objects.equals(row.eventTime(f), row.eventTime(f - 1));
            }
        }
    }

    private static JsonBytes separate(JsonBytes json, int index) {
        return index == 0 ? json : json.raw(',');
    }

    private static void repeat(JsonBytes json, byte[] text, int n) {
        for (int i = 0; i < n; i++) {
            separate(json, i).raw(text);
        }
    }

    private static void value(JsonBytes json, Object value) {
        switch (value) {
            case null -> json.nullValue();
            case Double d -> json.number(d);
            case Float x -> json.number(x);
            case Long l -> json.number(l);
            case Integer i -> json.number(i);
            case String s -> json.string(s);
            case Boolean b -> json.bool(b);
            case Instant t -> json.instant(t);
            case byte[] b -> json.string(Base64.getEncoder().encodeToString(b));
            case List<?> list -> {
                json.raw('[');
                for (int i = 0; i < list.size(); i++) {
                    value(separate(json, i), list.get(i));
                }
                json.raw(']');
            }
            default -> json.string(value.toString());
        }
    }
}
