package dev.granary.export;

import dev.granary.error.ConflictException;
import dev.granary.error.ExitCodes;
import java.util.List;

/**
 * A replay found inputs whose fingerprints differ from the recorded ones: the rebuilt set would not be the one
 * recorded. HTTP 409 {@code INPUT_CHANGED}, exit code 1.
 */
public class InputChangedException extends ConflictException {
    public InputChangedException(String trainingSetId, List<String> changes) {
        super("INPUT_CHANGED", ExitCodes.FAILURE, "replay", "training set " + trainingSetId
                + " cannot be replayed exactly: " + String.join("; ", changes) + ". Restore the recorded inputs, or"
                + " replay with --allow-changed-inputs (REST: allowChangedInputs true) to rebuild from the"
                + " current files");
    }
}
