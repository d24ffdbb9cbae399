/**
 * Feature statistics in the registry: {@link dev.granary.statistics.StatisticsService} computes them from the
 * offline data ({@code dev.granary.offline.stats}) for the project's current version and
 * {@link dev.granary.statistics.StatisticsStore} keeps them in {@code feature_statistics}, one row per feature and
 * spec version. Called by {@code granary stats}, {@code apply --stats} and (later) after materialization; the
 * catalog reads the newest row per feature. {@code StatisticsController} is the REST edge
 * ({@code POST /api/v1/projects/{p}/statistics}, which a forwarded {@code granary stats} calls); no console code here.
 */
package dev.granary.statistics;
