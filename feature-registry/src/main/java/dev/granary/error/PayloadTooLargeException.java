package dev.granary.error;

/** A request body over {@code limits.maxBodyBytes}. HTTP 413, field {@code body}, exit code 2. */
public class PayloadTooLargeException extends GranaryException {
    public PayloadTooLargeException(long maxBodyBytes) {
        super("PAYLOAD_TOO_LARGE", 413, ExitCodes.BAD_INPUT, "body", "The request body is over " + maxBodyBytes
                + " bytes; the most is limits.maxBodyBytes = " + maxBodyBytes, null);
    }
}
