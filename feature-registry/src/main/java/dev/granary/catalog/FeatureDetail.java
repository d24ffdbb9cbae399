package dev.granary.catalog;

import static java.util.Objects.requireNonNull;

import dev.granary.statistics.StoredStatistics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the catalog knows of one feature: its definition, its newest statistics (null when never
 * computed), its lineage (source, view, the feature services listing it), its usage and its freshness.
 */
public record FeatureDetail(String project, String view, String name, int specVersion, Definition definition,
                            StoredStatistics statistics, Lineage lineage, Usage usage, Freshness freshness) {
    public FeatureDetail {
        requireNonNull(project, "project is null");
        requireNonNull(view, "view is null");
        requireNonNull(name, "name is null");
        requireNonNull(definition, "definition is null");
        requireNonNull(lineage, "lineage is null");
        requireNonNull(usage, "usage is null");
        requireNonNull(freshness, "freshness is null");
    }

    /**
     * @param kind        {@code feature} (a source column as of a point in time) or {@code aggregation}
     * @param type        the value type, or null when only the Parquet schema knows it
     * @param sourceColumn the column read (a plain feature's column, an aggregation's input)
     * @param aggregation the function and window of an aggregation, null for a plain feature
     * @param restricted  whether reading it needs a grant (marked restricted, or its view is, or tagged pii)
     */
    public record Definition(String kind, String type, String description, String sourceColumn,
                             Aggregation aggregation, List<String> entities, List<String> joinKeys, String owner,
                             Map<String, String> tags, long ttlSeconds, boolean online, boolean restricted) {
    }

    /** {@code function(column)} over the {@code windowSeconds} before the point in time. */
    public record Aggregation(String function, String column, long windowSeconds) {
    }

    /**
     * Source, then view, then the downstream consumers: the feature services that list the feature and the
     * training sets exported with it (newest first, at most {@value FeatureDetails#TRAINING_SETS_SHOWN}).
     */
    public record Lineage(Source source, String view, List<String> featureServices, List<TrainingSetUse> trainingSets) {
        public Lineage {
            featureServices = List.copyOf(featureServices);
            trainingSets = List.copyOf(trainingSets);
        }
    }

    /** A training set recorded with the feature: when it was written, how many rows, where, from which version. */
    public record TrainingSetUse(String id, Instant createdAt, long rowCount, String output, int specVersion) {
        public TrainingSetUse {
            requireNonNull(id, "id is null");
            requireNonNull(createdAt, "createdAt is null");
        }
    }

    public record Source(String name, String path, String timestampField, String createdTimestampField,
                         String description) {
    }

    /** Exports and online lookups counted so far, and the feature services listing the feature. */
    public record Usage(long exports, long lookups, int services) {
    }

    /**
     * @param watermark       how far {@code materialize-incremental} brought the view online, null when never
     * @param newestEventTime the newest event time the stored statistics saw, null when unknown
     */
    public record Freshness(Instant watermark, Instant newestEventTime) {
    }
}
