/**
 * Training-set export as a registry service: resolves features or a feature service against the project's
 * current spec, runs the offline engine's point-in-time join, and records each export (features, spec version,
 * input fingerprint, rows, output) so it can be reproduced and counted as usage. The join itself lives in
 * {@code offline-store}, never here.
 */
package dev.granary.export;
