package dev.granary.export;

import dev.granary.error.ListField;
import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import dev.granary.offline.EntityQuery;
import java.nio.file.Path;
import java.util.List;

/**
 * What a data scientist asks for: an entity table or an entity query (exactly one), either a list of
 * {@code view:feature} references or a feature service (exactly one), and where to write the training set. Paths
 * are absolute or resolve against the repository folder. The output is never replaced unless {@code overwrite};
 * it is null only for a streamed training set (a file export without one is refused).
 */
public record TrainingSetRequest(String project, Path entities, List<String> features, String featureService,
                                 Path output, boolean fullFeatureNames, String timestampColumn, boolean overwrite,
                                 EntityQuery entityQuery) {
    public TrainingSetRequest {
        requireNonNull(project, "project is null");
        if (entities == null && entityQuery == null) {
            throw new BadRequestException("entities", "entities is missing: give the entity table, a Parquet file with"
                    + " the join keys and an event_timestamp column, or select the entity rows from the sources with"
                    + " asOf, or rangeStart and rangeEnd (and every)");
        }
        if (entities != null && entityQuery != null) {
            throw new BadRequestException("entities", "give either an entity table or " + entityQuery.describe()
                    + ", not both");
        }
        features = ListField.copy("features", features);
        featureService = featureService == null || featureService.isBlank() ? null : featureService;
        if (features.isEmpty() == (featureService == null)) {
            throw new BadRequestException(features.isEmpty() ? "features" : "featureService",
                    "give either features (view:feature,...) or a feature service, not "
                            + (features.isEmpty() ? "neither" : "both"));
        }
        timestampColumn = timestampColumn == null || timestampColumn.isBlank() ? null : timestampColumn;
    }

    /** A request with an entity table. */
    public TrainingSetRequest(String project, Path entities, List<String> features, String featureService,
                              Path output, boolean fullFeatureNames, String timestampColumn, boolean overwrite) {
        this(project, entities, features, featureService, output, fullFeatureNames, timestampColumn, overwrite, null);
    }

    /** A request that refuses to replace an existing output. */
    public TrainingSetRequest(String project, Path entities, List<String> features, String featureService,
                              Path output, boolean fullFeatureNames, String timestampColumn) {
        this(project, entities, features, featureService, output, fullFeatureNames, timestampColumn, false);
    }
}
