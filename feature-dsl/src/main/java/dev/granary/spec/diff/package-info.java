/**
 * The difference between two specs: {@link dev.granary.spec.diff.SpecDiff#between} lists what was added, removed
 * and changed, field by field, and which changes are breaking; records here serialise with Jackson for the REST
 * API. It compares specs only; storing versions and refusing breaking applies belong to the registry.
 */
package dev.granary.spec.diff;
