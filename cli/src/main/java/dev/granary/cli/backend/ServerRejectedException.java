package dev.granary.cli.backend;

import dev.granary.error.ExitCodes;
import dev.granary.error.GranaryException;

/**
 * The server answered a forwarded command with an error: its code, message and field, as the REST API returned
 * them. Exit code 2 for a 4xx (the input is at fault, as it would be locally), 1 for a 5xx.
 */
public final class ServerRejectedException extends GranaryException {
    public ServerRejectedException(String code, int httpStatus, String field, String message) {
        super(code, httpStatus, httpStatus >= 400 && httpStatus < 500 ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE,
                field, message, null);
    }
}
