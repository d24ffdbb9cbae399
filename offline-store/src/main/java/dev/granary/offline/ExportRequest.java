package dev.granary.offline;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What to export: the features (resolved against {@code spec}), the entity rows, and where to write the training
 * set. The entity rows are either an entity table (Parquet with the join-key columns of the requested views and a
 * timestamp column) or an {@link EntityQuery} over the views' sources; exactly one of the two is given.
 *
 * @param entityTable      the entity table, or {@code null} with an {@code entityQuery}
 * @param output           the file to write; null only for {@link OfflineEngine#stream}
 * @param timestampColumn  the entity table's timestamp column (with a query: the name of the output's timestamp
 *                         column); {@code null} means {@code event_timestamp}
 * @param fullFeatureNames name output columns {@code view__feature} instead of {@code feature}
 * @param offlineRoot      relative source paths resolve against it
 * @param memoryBudgetBytes bytes of source data held at once before partitioning and spilling; {@code 0} means
 *                          the default (a quarter of the maximum heap)
 * @param entityQuery      the entity rows to take from the sources, or {@code null} with an {@code entityTable}
 */
public record ExportRequest(RepoSpec spec, List<FeatureRef> features, Path entityTable, String timestampColumn,
                            Path output, boolean fullFeatureNames, Path offlineRoot, long memoryBudgetBytes,
                            EntityQuery entityQuery) {
    public static final String DEFAULT_TIMESTAMP_COLUMN = "event_timestamp";

    public ExportRequest {
        requireNonNull(spec, "spec is null");
        features = List.copyOf(requireNonNull(features, "features is null"));
        if (features.isEmpty()) {
            throw new IllegalArgumentException("features is empty; request at least one view:feature");
        }
        if ((entityTable == null) == (entityQuery == null)) {
            throw new IllegalArgumentException("give either an entity table or an entity query, not "
                    + (entityTable == null ? "neither" : "both"));
        }
        timestampColumn = timestampColumn == null || timestampColumn.isBlank() ? DEFAULT_TIMESTAMP_COLUMN : timestampColumn;
        offlineRoot = offlineRoot == null ? Path.of(".") : offlineRoot;
        if (memoryBudgetBytes < 0) {
            throw new IllegalArgumentException("memoryBudgetBytes is negative; use 0 for the default");
        }
    }

    /** A request with an entity table. */
    public ExportRequest(RepoSpec spec, List<FeatureRef> features, Path entityTable, String timestampColumn,
                         Path output, boolean fullFeatureNames, Path offlineRoot, long memoryBudgetBytes) {
        this(spec, features, entityTable, timestampColumn, output, fullFeatureNames, offlineRoot, memoryBudgetBytes,
                null);
    }

    /** A request with an entity query instead of an entity table. */
    public static ExportRequest ofQuery(RepoSpec spec, List<FeatureRef> features, EntityQuery query, Path output,
                                        Path offlineRoot) {
        return new ExportRequest(spec, features, null, null, output, false, offlineRoot, 0,
                requireNonNull(query, "query is null"));
    }

    /** A request with the default timestamp column, short feature names and the default budget. */
    public static ExportRequest of(RepoSpec spec, List<FeatureRef> features, Path entityTable, Path output,
                                   Path offlineRoot) {
        return new ExportRequest(spec, features, entityTable, null, output, false, offlineRoot, 0);
    }

    public ExportRequest withMemoryBudget(long bytes) {
        return new ExportRequest(spec, features, entityTable, timestampColumn, output, fullFeatureNames, offlineRoot, bytes,
                entityQuery);
    }

    public ExportRequest withFullFeatureNames(boolean full) {
        return new ExportRequest(spec, features, entityTable, timestampColumn, output, full, offlineRoot, memoryBudgetBytes,
                entityQuery);
    }

    public ExportRequest withTimestampColumn(String column) {
        return new ExportRequest(spec, features, entityTable, column, output, fullFeatureNames, offlineRoot, memoryBudgetBytes,
                entityQuery);
    }

    /**
     * The view of a requested feature, as every engine checks it before reading data.
     *
     * @throws OfflineStoreException if the spec has no view {@code ref.view()} or that view no feature
     *                               {@code ref.feature()}
     */
    public FeatureViewSpec viewOf(FeatureRef ref) {
        FeatureViewSpec view = spec.featureView(ref.view()).orElseThrow(() -> new OfflineStoreException(
                "feature '" + ref + "': project '" + spec.project() + "' has no feature view '" + ref.view()
                        + "'; check the name or apply the definitions first"));
        if (!view.hasFeature(ref.feature())) {
            throw new OfflineStoreException("feature '" + ref + "': view '" + view.name() + "' has no feature '"
                    + ref.feature() + "'; its features are " + view.featureNames());
        }
        return view;
    }

    /** The output column of a requested feature: {@code view__feature} with {@link #fullFeatureNames}, else {@code feature}. */
    public String outputColumn(FeatureRef ref) {
        return fullFeatureNames ? ref.fullName() : ref.feature();
    }

    /**
     * {@link #outputColumn} of {@code ref}, added to {@code taken}: the entity table's columns and the output
     * columns of the features before {@code ref}.
     *
     * @throws OfflineStoreException if {@code taken} holds the column already
     */
    public String claimOutputColumn(FeatureRef ref, Set<String> taken) {
        String column = outputColumn(ref);
        if (!taken.add(column)) {
            throw new OfflineStoreException("output column '" + column + "' for feature '" + ref
                    + "' is taken by an entity-table column or another feature; use full feature names"
                    + " (view__feature) or rename the column");
        }
        return column;
    }

    /** The same request reading the entity rows from {@code table} (a query's generated table). */
    ExportRequest withEntityTable(Path table) {
        return new ExportRequest(spec, features, table, timestampColumn, output, fullFeatureNames, offlineRoot,
                memoryBudgetBytes, null);
    }
}
