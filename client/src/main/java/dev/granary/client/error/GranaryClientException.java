package dev.granary.client.error;

/**
 * A lookup the client could not do. Two kinds: {@link LookupRejectedException} when the request cannot be answered
 * as given (retrying does not help), {@link LookupFailedException} when the server or the store failed (a retry may
 * succeed). The HTTP and the store clients raise the same codes and fields for the same mistakes. Transport codes
 * (HTTP statuses) stay inside the HTTP client.
 */
public abstract class GranaryClientException extends RuntimeException {
    private final String code;
    private final String field;

    protected GranaryClientException(String code, String field, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.field = field;
    }

    /** The stable error code, e.g. {@code BAD_REQUEST}, {@code NOT_FOUND}, {@code STORAGE_UNAVAILABLE}. */
    public String code() {
        return code;
    }

    /** The request field at fault, e.g. {@code features[1]} or {@code entities.driver_id[3]}, or null. */
    public String field() {
        return field;
    }
}
