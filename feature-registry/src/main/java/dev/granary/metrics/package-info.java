/**
 * Prometheus metrics through Micrometer. {@link dev.granary.metrics.GranaryMetrics} holds the service's one
 * {@code MeterRegistry} (made by {@link dev.granary.assembly.GranaryParts}) and names every metric Granary records;
 * {@link dev.granary.metrics.LookupMeters} are the meters of one kind of lookup, made once per lookup plan so that
 * recording on the lookup path is a few additions. Both ports answer {@code GET /metrics} with Prometheus' text
 * ({@code MetricsController} on the main port, the serving port's request handler on the other);
 * {@link dev.granary.metrics.MetricsEndpoint} says who may read it. The metrics and the alerts worth setting are in
 * docs/operations.md.
 */
package dev.granary.metrics;
