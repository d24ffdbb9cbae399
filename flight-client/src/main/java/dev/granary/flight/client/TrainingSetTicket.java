package dev.granary.flight.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * What a Flight ticket asks for, as UTF-8 JSON: the fields of {@code POST .../training-sets} without an output,
 * plus {@code upload} (the name of an entity table sent with DoPut). Give the entity rows as one of
 * {@code entities} (a path on the server), {@code upload}, {@code asOf} or {@code rangeStart}/{@code rangeEnd}
 * ({@code every}); the features as {@code features} or {@code featureService}; or only {@code replay}, the id of
 * a recorded training set. The server checks the combination and answers bad ones with INVALID_ARGUMENT.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSetTicket(String project, List<String> features, String featureService, String entities,
                                String upload, String asOf, String rangeStart, String rangeEnd, String every,
                                Boolean fullFeatureNames, String timestampColumn, String replay,
                                Boolean allowChangedInputs) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public TrainingSetTicket {
        Objects.requireNonNull(project, "project is null");
        features = features == null ? null : List.copyOf(features);
    }

    /** The features of {@code project} for the entity table uploaded as {@code upload}. */
    public static TrainingSetTicket ofUpload(String project, String upload, List<String> features) {
        return new TrainingSetTicket(project, features, null, null, upload, null, null, null, null, null, null, null,
                null);
    }

    /** The features of {@code project} for every key its sources saw by {@code asOf} (ISO-8601). */
    public static TrainingSetTicket ofAsOf(String project, String asOf, List<String> features) {
        return new TrainingSetTicket(project, features, null, null, null, asOf, null, null, null, null, null, null,
                null);
    }

    /** A recorded training set of {@code project}, rebuilt from its recorded inputs. */
    public static TrainingSetTicket ofReplay(String project, String trainingSetId) {
        return new TrainingSetTicket(project, null, null, null, null, null, null, null, null, null, null,
                trainingSetId, null);
    }

    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ticket is always writable", e);
        }
    }

    /** @throws IllegalArgumentException if the bytes are not a ticket, with what is wrong */
    public static TrainingSetTicket fromBytes(byte[] bytes) {
        try {
            return JSON.readValue(bytes, TrainingSetTicket.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the ticket is not a training-set request: " + e.getMessage()
                    .lines().findFirst().orElse("") + "; send JSON such as {\"project\": \"rides\", \"features\":"
                    + " [\"driver_stats:conv_rate\"], \"upload\": \"entities\"}", e);
        }
    }
}
