/**
 * Statistics of a feature view's features over its source data: exact counts and moments, and Apache
 * DataSketches for what cannot be exact in bounded memory (KLL quantiles and histogram, HLL distinct count,
 * frequent values). The door is {@link dev.granary.offline.stats.FeatureStatistics}, its answer
 * {@link dev.granary.offline.stats.FeatureStats}; the Parquet scan and the accumulators are package-private and
 * must stay so. Nothing here stores statistics: the registry does (see {@code docs/statistics.md}).
 */
package dev.granary.offline.stats;
