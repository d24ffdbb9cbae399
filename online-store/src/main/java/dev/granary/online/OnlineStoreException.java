package dev.granary.online;

/**
 * The online store could not do what was asked: the backend is unreachable, timed out or failed. A write that
 * fails this way may have applied some rows but never part of a row; repeating it is safe (newer-wins).
 */
public class OnlineStoreException extends RuntimeException {
    public OnlineStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public OnlineStoreException(String message) {
        super(message);
    }
}
