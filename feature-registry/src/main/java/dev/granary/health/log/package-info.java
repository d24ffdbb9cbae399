/**
 * Feature logging: what a feature service serves, sampled per lookup and written as Parquet off the request path.
 * The door is {@link dev.granary.health.log.FeatureLog}: the lookup core
 * ({@code dev.granary.serving.OnlineFeatureService}, shared by both ports and the CLI) offers each lookup by a
 * logging service to it; {@link dev.granary.health.log.QueuedFeatureLog} decides the sample, queues it in a bounded
 * queue (a full queue drops and counts, never blocks) and a writer thread hands batches to a
 * {@link dev.granary.health.log.LogSink}, normally {@link dev.granary.health.log.ParquetLogSink}: files partitioned by
 * service and hour, readable as a Parquet source ({@link dev.granary.health.log.LogColumns} names the columns).
 */
package dev.granary.health.log;
