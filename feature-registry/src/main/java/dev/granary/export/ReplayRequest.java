package dev.granary.export;

import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import java.nio.file.Path;

/**
 * Rebuild a recorded training set from its recorded spec version and inputs into {@code output}. Refused when an
 * input file's fingerprint changed since, unless {@code allowChangedInputs}. {@code output} is null only for a
 * streamed replay.
 */
public record ReplayRequest(String project, String trainingSetId, Path output, boolean overwrite,
                            boolean allowChangedInputs) {
    public ReplayRequest {
        requireNonNull(project, "project is null");
        if (trainingSetId == null || trainingSetId.isBlank()) {
            throw new BadRequestException("replay", "replay is missing: give the id of a recorded training set");
        }
    }
}
