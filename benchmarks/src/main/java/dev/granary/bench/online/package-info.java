/**
 * Online store benchmarks: {@code ./bench materialize} ({@link dev.granary.bench.online.MaterializeBenchmark}, rows/s
 * into Redis through the online store against a raw Jedis pipeline). The HTTP serving benchmark joins it once the
 * server exists. Nothing here is used by the product.
 */
package dev.granary.bench.online;
