/**
 * Scheduled health checks of {@code granary serve} ({@code monitoring.*} in granary.yaml, {@code docs/health.md}):
 * {@link dev.granary.health.monitor.HealthMonitor} checks every feature service that logs, each interval, through
 * {@link dev.granary.health.HealthCheck}; {@link dev.granary.health.monitor.HealthHistory} is the one owner of table
 * {@code health_history} (writes, reads and prunes it); {@code HealthHistoryController} answers
 * {@code GET /api/v1/projects/{p}/feature-services/{s}/health/history} under the same access rules as the health
 * report. The latest results also feed the gauges of {@link dev.granary.metrics.GranaryMetrics#featureHealth}.
 * The comparison itself (measures, thresholds) does not live here.
 */
package dev.granary.health.monitor;
