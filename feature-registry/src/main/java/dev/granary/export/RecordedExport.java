package dev.granary.export;

import dev.granary.offline.EntityQuery;
import dev.granary.offline.InputFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the registry keeps of an export to replay it (columns {@code request_json} and {@code inputs_json} of
 * {@code training_sets}): the resolved request and each input file with its fingerprint. Instants and durations
 * are ISO-8601 text.
 */
record RecordedExport(String entities, String timestampColumn, List<String> features, boolean fullFeatureNames,
                      String asOf, String rangeStart, String rangeEnd, String every, List<Input> inputs) {
    RecordedExport {
        features = List.copyOf(features);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    record Input(String role, String path, String fingerprint) {
    }

    static RecordedExport of(TrainingSetRequest request, Path entities, List<String> features,
                             List<InputFile> inputs) {
        String asOf = null;
        String start = null;
        String end = null;
        String every = null;
        if (request.entityQuery() instanceof EntityQuery.AsOf q) {
            asOf = q.time().toString();
        } else if (request.entityQuery() instanceof EntityQuery.Range q) {
            start = q.start().toString();
            end = q.end().toString();
            every = q.every() == null ? null : q.every().toString();
        }
        return new RecordedExport(entities == null ? null : entities.toString(), request.timestampColumn(), features,
                request.fullFeatureNames(), asOf, start, end, every,
                inputs.stream().map(i -> new Input(i.role(), i.path().toString(), i.fingerprint())).toList());
    }

    /** The entity query recorded, or null for an export of an entity table. */
    EntityQuery entityQuery() {
        if (asOf != null) {
            return new EntityQuery.AsOf(Instant.parse(asOf));
        }
        if (rangeStart != null) {
            return new EntityQuery.Range(Instant.parse(rangeStart), Instant.parse(rangeEnd),
                    every == null ? null : Duration.parse(every));
        }
        return null;
    }
}
