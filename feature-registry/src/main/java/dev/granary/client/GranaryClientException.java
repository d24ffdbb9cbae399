package dev.granary.client;

/**
 * A lookup the client could not do: bad input (4xx, with the field at fault), or the server or store failing. The
 * HTTP and the Redis clients raise the same codes and fields for the same mistakes.
 */
public class GranaryClientException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public GranaryClientException(int status, String code, String field, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** The HTTP status the error maps to (400 bad input, 404 unknown project, 503 store down...). */
    public int status() {
        return status;
    }

    /** The stable error code, e.g. {@code BAD_REQUEST}. */
    public String code() {
        return code;
    }

    /** The request field at fault, e.g. {@code features[1]}, or null. */
    public String field() {
        return field;
    }
}
