/** {@code ./bench flight}: a training set streamed over Arrow Flight on loopback against writing its Parquet file. */
package dev.granary.bench.flight;
