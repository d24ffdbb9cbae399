package dev.granary.cli.backend;

import dev.granary.error.ExitCodes;
import dev.granary.error.GranaryException;

/** A job the server ran for a forwarded command (materialization, export) ended {@code FAILED}. Exit code 1,
 * as when the job fails in the CLI process.
 */
public final class JobFailedException extends GranaryException {
    /** @param message the job's own message, which says why it failed */
    public JobFailedException(String message) {
        super("JOB_FAILED", 500, ExitCodes.FAILURE, null, message, null);
    }
}
