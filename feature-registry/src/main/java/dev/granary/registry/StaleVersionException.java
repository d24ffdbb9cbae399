package dev.granary.registry;

import dev.granary.error.ConflictException;
import dev.granary.error.ExitCodes;

/**
 * The registry moved on since the caller planned: someone else applied in between. HTTP 409, exit code 1.
 */
public class StaleVersionException extends ConflictException {
    private final int expected;
    private final int actual;

    public StaleVersionException(String project, int expected, int actual) {
        super("STALE_VERSION", ExitCodes.FAILURE, "basedOnVersion",
                "The registry of project '" + project + "' moved from version " + expected + " to " + actual
                        + " since your plan; re-run plan to see the current diff, then apply again");
        this.expected = expected;
        this.actual = actual;
    }

    public int expected() {
        return expected;
    }

    public int actual() {
        return actual;
    }
}
