/**
 * {@code ./bench cli}: the daily loop of a user as whole {@code ./granary} processes (apply, plan, serve until
 * ready, one lookup) on a generated 500-view repository, and the resident memory of {@code granary serve}. The
 * repository generator and the process helpers live here too; nothing in this package is used elsewhere.
 */
package dev.granary.bench.cli;
