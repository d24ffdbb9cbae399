package dev.granary.offline;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureRef;
import dev.granary.spec.RepoSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * What to export: the features (resolved against {@code spec}), the entity table (Parquet with the join-key
 * columns of the requested views and a timestamp column), and where to write the training set.
 *
 * @param timestampColumn  the entity table's timestamp column; {@code null} means {@code event_timestamp}
 * @param fullFeatureNames name output columns {@code view__feature} instead of {@code feature}
 * @param offlineRoot      relative source paths resolve against it
 * @param memoryBudgetBytes bytes of source data held at once before partitioning and spilling; {@code 0} means
 *                          the default (a quarter of the maximum heap)
 */
public record ExportRequest(RepoSpec spec, List<FeatureRef> features, Path entityTable, String timestampColumn,
                            Path output, boolean fullFeatureNames, Path offlineRoot, long memoryBudgetBytes) {
    public static final String DEFAULT_TIMESTAMP_COLUMN = "event_timestamp";

    public ExportRequest {
        requireNonNull(spec, "spec is null");
        features = List.copyOf(requireNonNull(features, "features is null"));
        if (features.isEmpty()) {
            throw new IllegalArgumentException("features is empty; request at least one view:feature");
        }
        requireNonNull(entityTable, "entityTable is null");
        timestampColumn = timestampColumn == null || timestampColumn.isBlank() ? DEFAULT_TIMESTAMP_COLUMN : timestampColumn;
        requireNonNull(output, "output is null");
        offlineRoot = offlineRoot == null ? Path.of(".") : offlineRoot;
        if (memoryBudgetBytes < 0) {
            throw new IllegalArgumentException("memoryBudgetBytes is negative; use 0 for the default");
        }
    }

    /** A request with the default timestamp column, short feature names and the default budget. */
    public static ExportRequest of(RepoSpec spec, List<FeatureRef> features, Path entityTable, Path output,
                                   Path offlineRoot) {
        return new ExportRequest(spec, features, entityTable, null, output, false, offlineRoot, 0);
    }

    public ExportRequest withMemoryBudget(long bytes) {
        return new ExportRequest(spec, features, entityTable, timestampColumn, output, fullFeatureNames, offlineRoot, bytes);
    }

    public ExportRequest withFullFeatureNames(boolean full) {
        return new ExportRequest(spec, features, entityTable, timestampColumn, output, full, offlineRoot, memoryBudgetBytes);
    }

    public ExportRequest withTimestampColumn(String column) {
        return new ExportRequest(spec, features, entityTable, column, output, fullFeatureNames, offlineRoot, memoryBudgetBytes);
    }
}
