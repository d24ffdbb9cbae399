/**
 * The offline benchmark: Granary's point-in-time export against DuckDB's {@code ASOF JOIN} on the same generated
 * Parquet files, checked for agreement, and its spill check (sources many times the heap, exported in a child JVM
 * with a small heap). Benchmark code only; nothing here is used by the product.
 */
package dev.granary.bench.offline;
