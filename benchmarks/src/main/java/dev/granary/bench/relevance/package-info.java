/**
 * {@code ./bench relevance}: how well the catalog finds the feature a person means, on a judged query set over a
 * generated catalog ({@link dev.granary.bench.relevance.JudgedCatalog}, vocabulary in {@code catalog.txt}) with
 * graded judgments ({@code queries.tsv}). Nothing in this package is used outside the benchmark.
 */
package dev.granary.bench.relevance;
