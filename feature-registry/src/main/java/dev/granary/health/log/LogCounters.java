package dev.granary.health.log;

/**
 * What a feature log did since it started: lookups sampled and queued, lookups and rows written, lookups dropped
 * because the queue was full, and batches the sink failed to write (their rows are lost, the writer goes on).
 */
public record LogCounters(long queued, long writtenLookups, long writtenRows, long dropped, long failedBatches) {
}
