package dev.granary.client.error;

/**
 * A lookup that cannot be answered as given: an unknown project, feature view, feature or feature service, a
 * missing join key, a key of the wrong type, too many rows. The message names the fix; {@link #field()} the input
 * at fault. Sending the same request again fails the same way.
 */
public class LookupRejectedException extends GranaryClientException {
    /** Bad input ({@code BAD_REQUEST}) at {@code field}. */
    public LookupRejectedException(String field, String message) {
        this("BAD_REQUEST", field, message, null);
    }

    public LookupRejectedException(String code, String field, String message, Throwable cause) {
        super(code, field, message, cause);
    }
}
