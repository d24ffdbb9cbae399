package dev.granary.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One version in a project's history.
 *
 * @param version        1, 2, 3...
 * @param author         who applied it
 * @param appliedAt      when (UTC)
 * @param summary        the message given at apply time, else a one-line summary of the diff
 * @param rolledBackFrom for a rollback, the earlier version whose spec it restored; otherwise {@code null}
 */
public record VersionSummary(int version, String author, Instant appliedAt, String summary, Integer rolledBackFrom) {
    public VersionSummary {
        requireNonNull(author, "author is null");
        requireNonNull(appliedAt, "appliedAt is null");
        requireNonNull(summary, "summary is null");
    }
}
