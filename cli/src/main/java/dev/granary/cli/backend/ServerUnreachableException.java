package dev.granary.cli.backend;

import dev.granary.error.ExitCodes;
import dev.granary.error.GranaryException;

/**
 * The repository's lock names a live {@code granary serve}, but it did not answer (still starting, stopping, or
 * hung). Exit code 1; the message names the process, the address and what to do.
 */
public final class ServerUnreachableException extends GranaryException {
    public ServerUnreachableException(String message, Throwable cause) {
        super("SERVER_UNREACHABLE", 503, ExitCodes.FAILURE, null, message, cause);
    }
}
