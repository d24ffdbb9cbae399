/**
 * Online store benchmarks: {@code ./bench online} ({@link dev.granary.bench.online.Benchmark}, HTTP and
 * GranaryClient lookup latency under an open-loop load ({@code OpenLoop}) against a raw Jedis baseline) and
 * {@code ./bench materialize} ({@link dev.granary.bench.online.MaterializeBenchmark}, rows/s into Redis through the
 * online store against a raw Jedis pipeline). Nothing here is used by the product, and nothing here is public but
 * the two entry points.
 */
package dev.granary.bench.online;
