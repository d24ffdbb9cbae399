package dev.granary.server.registry;

import dev.granary.registry.DiffDocument;
import dev.granary.registry.VersionDetail;
import dev.granary.spec.RepoSpec;
import java.time.Instant;

/** One version: who, when, why, the diff from the version before and the whole spec (canonical JSON). */
record VersionResponse(String project, int version, String author, Instant appliedAt, String summary,
                       Integer rolledBackFrom, DiffDocument diff, RepoSpec spec) {
    static VersionResponse of(VersionDetail detail) {
        var s = detail.summary();
        return new VersionResponse(detail.project(), s.version(), s.author(), s.appliedAt(), s.summary(),
                s.rolledBackFrom(), DiffDocument.of(detail.diff()), detail.spec());
    }
}
