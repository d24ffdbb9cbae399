package dev.granary.client.feast;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * An error in the shape of Feast's feature server: the body is a JSON string holding the JSON object
 * {@code {"module": "feast.errors", "class": ..., "message": ...}}, which Feast's client
 * ({@code FeastError.from_error_detail}) turns back into the exception class it names. Granary adds its own
 * {@code error} code and {@code field} to that object (Feast's client reads only the three fields it needs).
 *
 * <p>Classes and statuses: an unknown feature view {@code FeatureViewNotFoundException} (404), feature service
 * {@code FeatureServiceNotFoundException} (404), project {@code ProjectObjectNotFoundException} (404), other unknown
 * objects such as a feature {@code FeastObjectNotFoundException} (404), push source
 * {@code PushSourceNotFoundException} (422); any other bad input {@code FeastError} with 422, the status Feast's server
 * gives a body it cannot validate; other statuses are kept, with class {@code FeastError}.
 *
 * @param className Feast's exception class in module {@code feast.errors}
 * @param code      Granary's error code ({@code FEATURE_VIEW_NOT_FOUND}, {@code BAD_REQUEST}, ...)
 * @param field     the request field at fault, or null
 * @param status    the HTTP status
 */
public record FeastErrorDetail(String className, String message, String code, String field, int status) {
    public static final String MODULE = "feast.errors";
    private static final ObjectMapper JSON = new ObjectMapper();

    public FeastErrorDetail {
        requireNonNull(className, "className is null");
        requireNonNull(message, "message is null");
        requireNonNull(code, "code is null");
    }

    /** The Feast error for a Granary error with this code, field, message and HTTP status. */
    public static FeastErrorDetail of(String code, String field, String message, int status) {
        String className = switch (code) {
            case "FEATURE_VIEW_NOT_FOUND" -> "FeatureViewNotFoundException";
            case "FEATURE_SERVICE_NOT_FOUND" -> "FeatureServiceNotFoundException";
            case "PUSH_SOURCE_NOT_FOUND" -> "PushSourceNotFoundException";
            case "NOT_FOUND", "FEATURE_NOT_FOUND" -> "project".equals(field) ? "ProjectObjectNotFoundException"
                    : "FeastObjectNotFoundException";
            default -> "FeastError";
        };
        int feastStatus = switch (className) {
            case "PushSourceNotFoundException" -> 422;
            case "FeastError" -> status == 400 ? 422 : status;
            default -> 404;
        };
        return new FeastErrorDetail(className, message, code, field, feastStatus);
    }

    /** The response body: a JSON string whose text is the error object. */
    public byte[] body() {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("module", MODULE);
        detail.put("class", className);
        detail.put("message", message);
        detail.put("error", code);
        if (field != null) {
            detail.put("field", field);
        }
        try {
            return JSON.writeValueAsBytes(JSON.writeValueAsString(detail));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The error in an answer body: Feast's shape (as written by {@link #body()} or by Feast's own server) or Granary's
     * {@code {"error", "message", "field"}}; empty when the body is neither.
     */
    public static Optional<FeastErrorDetail> read(int status, byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
            if (node != null && node.isTextual()) {
                node = JSON.readTree(node.asText());
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || !node.hasNonNull("message")) {
            return Optional.empty();
        }
        String field = node.hasNonNull("field") ? node.get("field").asText() : null;
        if (node.hasNonNull("class")) {
            String code = node.hasNonNull("error") ? node.get("error").asText() : node.get("class").asText();
            return Optional.of(new FeastErrorDetail(node.get("class").asText(), node.get("message").asText(), code,
                    field, status));
        }
        if (node.hasNonNull("error")) {
            return Optional.of(new FeastErrorDetail("FeastError", node.get("message").asText(),
                    node.get("error").asText(), field, status));
        }
        return Optional.empty();
    }
}
