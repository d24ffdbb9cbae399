/**
 * Validation of the canonical spec: {@link dev.granary.spec.validation.SpecValidator} runs every rule and
 * reports all errors at once, each with its path and fix. Rules see only the spec; nothing here reads files or
 * data (checks against Parquet schemas belong to the offline engine at plan time).
 */
package dev.granary.spec.validation;
