/**
 * {@code ./bench soak}: the service under steady mixed load while its Redis is paused and resumed
 * ({@link dev.granary.bench.soak.Benchmark}); its own {@code redis-server} ({@link dev.granary.bench.soak.PrivateRedis}).
 */
package dev.granary.bench.soak;
