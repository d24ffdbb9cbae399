package dev.granary.online;

/**
 * A write or read was rejected before anything was written: an unknown feature, a value of the wrong type, a key
 * of the wrong arity or a bad name. The message names the view, the feature or row and the fix.
 */
public class InvalidOnlineRequestException extends IllegalArgumentException {
    public InvalidOnlineRequestException(String message) {
        super(message);
    }
}
