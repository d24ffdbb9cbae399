/**
 * {@code ./bench search}: indexing speed and query latency of the Lucene catalog on generated feature repos.
 * The generator lives here too; nothing in this package is used outside the benchmark.
 */
package dev.granary.bench.search;
