package dev.granary.serving;

import dev.granary.error.ExitCodes;
import dev.granary.error.GranaryException;
import java.util.Locale;

/**
 * A Feast-shaped endpoint given a body declared as something other than JSON (415). A body with no content type at
 * all is read as JSON: Feast's documented Python examples post {@code data=json.dumps(...)}, which sends none.
 */
final class UnsupportedBodyTypeException extends GranaryException {
    UnsupportedBodyTypeException(String type) {
        super("UNSUPPORTED_MEDIA_TYPE", 415, ExitCodes.BAD_INPUT, "Content-Type", "Content type " + type
                + " is not supported; send Content-Type: application/json (or none)", null);
    }

    /** Passes a missing or JSON content type, refuses any other. */
    static void check(String type) {
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new UnsupportedBodyTypeException(type);
        }
    }
}
