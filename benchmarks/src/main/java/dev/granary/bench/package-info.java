/**
 * Benchmarks that run Granary and a named peer on the same data in the same run ({@code ./bench NAME}).
 * One sub-package per benchmark; nothing here is used by the product, and peers (DuckDB) stay in this module.
 */
package dev.granary.bench;
