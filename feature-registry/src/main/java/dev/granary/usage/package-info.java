/**
 * {@link dev.granary.usage.FeatureUsage}, the one writer of the registry's {@code feature_usage} counts: exports
 * (written by training-set export in its own transaction) and online lookups (flushed by the serving counters as
 * plain JDBC batches). The catalog reads the table to rank features; nothing else writes it.
 */
package dev.granary.usage;
