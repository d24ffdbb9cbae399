package dev.granary.search;

/** A catalog failure: the index could not be read or written. The message names the index and the fix. */
public class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    public CatalogException(String message) {
        super(message);
    }
}
