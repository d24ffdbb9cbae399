/**
 * Reliability tests against real processes: child JVMs killed with {@code kill -9} in the middle of an apply or an
 * export. Tests only; each starts what it needs and removes it after.
 */
package dev.granary.reliability;
