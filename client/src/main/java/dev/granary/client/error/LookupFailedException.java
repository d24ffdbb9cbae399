package dev.granary.client.error;

/**
 * A lookup that failed for reasons outside the request: the online store or the server failed, could not be
 * reached or timed out. The same request may succeed when retried.
 */
public class LookupFailedException extends GranaryClientException {
    /** The online store failed ({@code STORAGE_UNAVAILABLE}). */
    public LookupFailedException(String message, Throwable cause) {
        this("STORAGE_UNAVAILABLE", message, cause);
    }

    public LookupFailedException(String code, String message, Throwable cause) {
        super(code, null, message, cause);
    }
}
