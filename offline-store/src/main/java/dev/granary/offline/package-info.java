/**
 * The offline store: point-in-time training-set export and as-of reads over Parquet sources. The door is
 * {@link dev.granary.offline.OfflineEngine}, implemented in process by
 * {@link dev.granary.offline.ParquetOfflineEngine}; {@link dev.granary.offline.OfflineEngines} builds the configured
 * engine, other engines (Spark, module {@code offline-spark}) plug in through
 * {@link dev.granary.offline.OfflineEngineProvider};
 * {@link dev.granary.offline.ParquetTables} writes and reads small tables for samples and tests. An export's entity
 * rows come from an entity table or an {@link dev.granary.offline.EntityQuery} over the sources; its result goes to
 * a file or, streamed, to a {@link dev.granary.offline.TrainingSetSink}; {@link dev.granary.offline.InputFile}
 * fingerprints what it reads so a replay can refuse changed inputs. {@link dev.granary.offline.AsOfArguments} and
 * {@link dev.granary.offline.InputFingerprint} are public only so that every engine checks as-of arguments and
 * fingerprints an export's inputs the same way.
 * Everything else here is package-private machinery (columnar buffers, Parquet scans, the merge join, spill
 * partitions) and must not leak into the public API.
 */
package dev.granary.offline;
