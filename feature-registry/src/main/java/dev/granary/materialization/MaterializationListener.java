package dev.granary.materialization;

/**
 * Told after a materialization job succeeded (statistics of the materialized range are computed this way). A
 * listener that fails does not fail the job: the values are written and the watermarks moved already.
 */
@FunctionalInterface
public interface MaterializationListener {
    void materialized(MaterializationResult result);
}
