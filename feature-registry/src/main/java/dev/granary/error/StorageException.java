package dev.granary.error;

/**
 * A store (the registry database, ...) failed or could not be reached: the request may succeed when retried.
 * Translated once from SQL or I/O exceptions at the edge of the store. HTTP 503, exit code 1.
 */
public class StorageException extends GranaryException {
    public StorageException(String message, Throwable cause) {
        super("STORAGE_UNAVAILABLE", 503, ExitCodes.FAILURE, null, message, cause);
    }
}
