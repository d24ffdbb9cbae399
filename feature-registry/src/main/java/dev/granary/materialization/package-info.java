/**
 * Materialization: copying the point-in-time values of online views from the offline engine into the online
 * store ({@link dev.granary.materialization.Materializer}), the per-view watermarks of
 * {@code materialize-incremental}, and the job records ({@link dev.granary.materialization.MaterializationJobs})
 * that the REST API and the CLI report progress through. Nothing here serves reads or knows about HTTP beyond
 * the package-private controller.
 */
package dev.granary.materialization;
