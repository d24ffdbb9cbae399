/**
 * Training-set export as a registry service: resolves features or a feature service against the project's
 * current spec, runs the offline engine's point-in-time join, and records each export (features, spec version,
 * input fingerprint, rows, output, and the resolved request with each input file's fingerprint) so it can be
 * replayed exactly and counted as usage; streams training sets to a sink for Arrow Flight. The join itself lives in
 * {@code offline-store}, never here.
 */
package dev.granary.export;
