/**
 * Long-running work (materializations, training-set exports) as jobs recorded in the registry's {@code jobs}
 * table, and {@code GET /api/v1/jobs/{id}} to follow them. What a job does lives in its own package; this one
 * only records status, progress, rows, message and a succeeded job's result.
 */
package dev.granary.jobs;
