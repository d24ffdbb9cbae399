/**
 * The canonical spec of a feature repository: immutable records ({@link dev.granary.spec.RepoSpec} at the top)
 * that every module reads. Records check nulls and copy collections; rules about names and references live in
 * {@code SpecValidator}, which reports every error at once. Nothing here does I/O.
 */
package dev.granary.spec;
