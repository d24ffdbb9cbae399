package dev.granary.serving;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.granary.online.FeatureStatus;
import dev.granary.online.FeatureValue;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The body of {@code /get-online-features} in the shape of Feast's feature server:
 * {@code {"metadata": {"feature_names": [...]}, "results": [{"values": [...], "statuses": [...],
 * "event_timestamps": [...]}, ...]}}, one result per name (entity columns first, then features, in request order)
 * with one entry per request row. Entity columns are {@code PRESENT} with the epoch as event time, and so is the
 * event time of {@code NOT_FOUND}; times are ISO-8601 UTC. Values are JSON numbers, strings, booleans, lists,
 * base64 (bytes) or ISO-8601 strings (timestamps).
 *
 * <p>Written straight from the {@link LookupResult} by a streaming serializer: a 100-row answer of 50 features has
 * 15,000 entries, and building them as lists first doubled the cost of the response.
 */
@JsonSerialize(using = FeastResponse.Writer.class)
public final class FeastResponse {
    static final String EPOCH = "1970-01-01T00:00:00Z";

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

    /** Streams this answer as Feast's JSON shape. */
    public void writeTo(JsonGenerator out) throws IOException {
        Writer.write(this, out);
    }

    /** Streams the Feast JSON shape. */
    static final class Writer extends StdSerializer<FeastResponse> {
        private static final SerializableString EPOCH_TEXT = new SerializedString(EPOCH);
        private static final SerializableString[] STATUS = new SerializableString[FeatureStatus.values().length];

        static {
            for (FeatureStatus status : FeatureStatus.values()) {
                STATUS[status.ordinal()] = new SerializedString(status.name());
            }
        }

        Writer() {
            super(FeastResponse.class);
        }

        @Override
        public void serialize(FeastResponse response, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            write(response, out);
        }

        static void write(FeastResponse response, JsonGenerator out) throws IOException {
            LookupResult result = response.result;
            int rows = result.size();
            out.writeStartObject();
            out.writeObjectFieldStart("metadata");
            out.writeArrayFieldStart("feature_names");
            for (String name : response.featureNames()) {
                out.writeString(name);
            }
            out.writeEndArray();
            out.writeEndObject();
            out.writeArrayFieldStart("results");
            for (List<Object> entity : result.entityColumns()) {
                out.writeStartObject();
                out.writeArrayFieldStart("values");
                for (Object value : entity) {
                    value(out, value);
                }
                out.writeEndArray();
                repeat(out, "statuses", STATUS[FeatureStatus.PRESENT.ordinal()], rows);
                repeat(out, "event_timestamps", EPOCH_TEXT, rows);
                out.writeEndObject();
            }
            // the features of one view share their row's event time: format each distinct time of a row once
            Instant[] lastTime = new Instant[rows];
            SerializableString[] lastText = new SerializableString[rows];
            for (int f = 0; f < result.featureNames().size(); f++) {
                out.writeStartObject();
                out.writeArrayFieldStart("values");
                for (int r = 0; r < rows; r++) {
                    value(out, result.rows().get(r).get(f).value());
                }
                out.writeEndArray();
                out.writeArrayFieldStart("statuses");
                for (int r = 0; r < rows; r++) {
                    out.writeString(STATUS[result.rows().get(r).get(f).status().ordinal()]);
                }
                out.writeEndArray();
                out.writeArrayFieldStart("event_timestamps");
                for (int r = 0; r < rows; r++) {
                    FeatureValue value = result.rows().get(r).get(f);
                    Instant time = value.eventTime();
                    if (time == null) {
                        out.writeString(EPOCH_TEXT);
                        continue;
                    }
                    if (!time.equals(lastTime[r])) {
                        lastTime[r] = time;
                        lastText[r] = new SerializedString(time.toString());
                    }
                    out.writeString(lastText[r]);
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }

        private static void repeat(JsonGenerator out, String field, SerializableString text, int n)
                throws IOException {
            out.writeArrayFieldStart(field);
            for (int i = 0; i < n; i++) {
                out.writeString(text);
            }
            out.writeEndArray();
        }

        private static void value(JsonGenerator out, Object value) throws IOException {
            switch (value) {
                case null -> out.writeNull();
                case Double d -> out.writeNumber(d);
                case Float x -> out.writeNumber(x);
                case Long l -> out.writeNumber(l);
                case Integer i -> out.writeNumber(i);
                case String s -> out.writeString(s);
                case Boolean b -> out.writeBoolean(b);
                case Instant t -> out.writeString(t.toString());
                case byte[] b -> out.writeString(Base64.getEncoder().encodeToString(b));
                case List<?> list -> {
                    out.writeStartArray();
                    for (Object element : list) {
                        value(out, element);
                    }
                    out.writeEndArray();
                }
                default -> out.writeString(value.toString());
            }
        }
    }
}
