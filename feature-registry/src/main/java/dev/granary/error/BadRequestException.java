package dev.granary.error;

/** Input that cannot be used as given (a malformed value, a missing parameter). HTTP 400, exit code 2. */
public class BadRequestException extends GranaryException {
    public BadRequestException(String field, String message) {
        this("BAD_REQUEST", field, message, null);
    }

    public BadRequestException(String code, String field, String message, Throwable cause) {
        super(code, 400, ExitCodes.BAD_INPUT, field, message, cause);
    }
}
