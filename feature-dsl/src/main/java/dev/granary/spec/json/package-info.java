/**
 * The canonical JSON of a spec ({@code *.granary.json}, REST bodies): {@link dev.granary.spec.json.SpecJson}
 * writes it in a stable order and reads it back, collecting every structural error. It checks structure, not
 * meaning (that is {@code SpecValidator}'s job), and reads files only in {@code SpecJson.read(Path)}.
 */
package dev.granary.spec.json;
