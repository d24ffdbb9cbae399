/**
 * Feature health: whether what a feature service serves still looks like what its model was trained on
 * ({@code docs/health.md}). {@link dev.granary.health.HealthCheck} is the door: it compares a reference with a
 * current window (skew: a recorded training set against the feature log of {@code dev.granary.health.log}; drift:
 * the sources over a baseline against a recent window), measures each feature with
 * {@link dev.granary.health.Measures} over the statistics engine's sketches
 * ({@link dev.granary.offline.stats.FeatureProfile}), judges it against the service's thresholds in
 * {@link dev.granary.health.FeatureComparison}, and answers a {@link dev.granary.health.HealthReport}. Called by
 * {@code GET /api/v1/projects/{p}/feature-services/{s}/health} ({@code FeatureHealthController}) and
 * {@code granary health}.
 */
package dev.granary.health;
