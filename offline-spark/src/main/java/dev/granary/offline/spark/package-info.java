/**
 * The offline engine on Apache Spark: {@link dev.granary.offline.spark.SparkOfflineEngine} implements
 * {@link dev.granary.offline.OfflineEngine} with Spark SQL DataFrames, with the semantics of the in-process engine
 * (the same contract test runs on both). {@link dev.granary.offline.spark.SparkEngineProvider} plugs it in when
 * {@code offline.engine} is {@code spark}. The export plan ({@code PointInTimePlan}), the source reads
 * ({@code SourceFrames}), the as-of read and the progress listener are package-private and must stay so; nothing
 * outside this module may depend on Spark.
 */
package dev.granary.offline.spark;
