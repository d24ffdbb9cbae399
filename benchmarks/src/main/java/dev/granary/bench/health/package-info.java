/**
 * {@code ./bench health}: a full health check of a 50-feature service (its feature log against a training set's
 * statistics), and the lookup p99 overhead of feature logging at 1% and 100%. Nothing here is used elsewhere.
 */
package dev.granary.bench.health;
