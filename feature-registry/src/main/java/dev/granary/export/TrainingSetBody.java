package dev.granary.export;

import dev.granary.error.BadRequestException;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON body of {@code POST /api/v1/projects/{project}/training-sets}, whether the answer is a job writing a
 * file or an Arrow stream (module {@code offline-flight}): one shape for both, so a request moves between them by
 * its {@code Accept} header alone.
 */
public record TrainingSetBody(String entities, List<String> features, String featureService, String output,
                              Boolean fullFeatureNames, String timestampColumn, Boolean overwrite, String asOf,
                              String rangeStart, String rangeEnd, String every, String replay,
                              Boolean allowChangedInputs) {
    /** Whether this body asks to rebuild a recorded training set; refused if it also names entities or features. */
    public boolean isReplay() {
        if (replay == null) {
            return false;
        }
        if (entities != null || features != null || featureService != null || asOf != null || rangeStart != null) {
            throw new BadRequestException("replay", "a replay takes its entities and features from the recorded"
                    + " training set; send only replay, output, overwrite and allowChangedInputs");
        }
        return true;
    }

    /** The export this body asks for (not a replay). */
    public TrainingSetRequest request(String project) {
        return new TrainingSetRequest(project, path(entities), features, featureService, path(output),
                Boolean.TRUE.equals(fullFeatureNames), timestampColumn, Boolean.TRUE.equals(overwrite),
                EntityQueries.of(asOf, rangeStart, rangeEnd, every));
    }

    /** The replay this body asks for. */
    public ReplayRequest replayRequest(String project) {
        return new ReplayRequest(project, replay, path(output), Boolean.TRUE.equals(overwrite),
                Boolean.TRUE.equals(allowChangedInputs));
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text);
    }
}
