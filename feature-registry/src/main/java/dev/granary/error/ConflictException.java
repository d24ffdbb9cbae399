package dev.granary.error;

/**
 * The request was valid but conflicts with the current state (another apply got there first, a breaking change
 * needs force). HTTP 409; the exit code is chosen by the subtype.
 */
public class ConflictException extends GranaryException {
    protected ConflictException(String code, int exitCode, String field, String message) {
        super(code, 409, exitCode, field, message, null);
    }
}
