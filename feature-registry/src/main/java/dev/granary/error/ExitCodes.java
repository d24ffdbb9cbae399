package dev.granary.error;

import dev.granary.spec.SpecInvalidException;

/** The CLI's exit codes (contract: 0 success, 2 bad input, 1 other failures) and the mapping from errors. */
public final class ExitCodes {
    public static final int SUCCESS = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }

    /** The exit code for an error: its own for a {@link GranaryException}, 2 for an invalid spec, else 1. */
    public static int of(Throwable error) {
        if (error instanceof GranaryException g) {
            return g.exitCode();
        }
        if (error instanceof SpecInvalidException || error instanceof IllegalArgumentException) {
            return BAD_INPUT;
        }
        return FAILURE;
    }
}
