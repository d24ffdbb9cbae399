package dev.granary.offline;

/**
 * A failure of the offline store: a source or entity file that cannot be read, a missing column, an output that
 * cannot be written. The message names the file or column and the fix. Bad input, not a bug.
 */
public class OfflineStoreException extends RuntimeException {
    public OfflineStoreException(String message) {
        super(message);
    }

    public OfflineStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
