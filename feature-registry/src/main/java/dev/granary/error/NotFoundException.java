package dev.granary.error;

/** A named object (project, version, feature view...) that does not exist. HTTP 404, exit code 2. */
public class NotFoundException extends GranaryException {
    public NotFoundException(String field, String message) {
        super("NOT_FOUND", 404, ExitCodes.BAD_INPUT, field, message, null);
    }
}
