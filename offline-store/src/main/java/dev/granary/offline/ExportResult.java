package dev.granary.offline;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished export.
 *
 * @param output           the file written; null for a streamed training set
 * @param inputFingerprint hex SHA-256 over the entity table's bytes followed by, for every source file read (in
 *                         view then lexical path order), its absolute path, size and modification time; equal
 *                         fingerprints mean the same inputs (barring a source rewritten with identical size and
 *                         mtime)
 * @param columns          the output's feature column names, in request order
 * @param partitions       how many key partitions the largest view was split into (1 = fully in memory)
 */
public record ExportResult(long rowCount, Path output, List<FeatureRef> features, List<String> columns,
                           String inputFingerprint, Duration elapsed, int partitions) {
    public ExportResult {
        features = List.copyOf(features);
        columns = List.copyOf(columns);
        requireNonNull(inputFingerprint, "inputFingerprint is null");
        requireNonNull(elapsed, "elapsed is null");
    }
}
