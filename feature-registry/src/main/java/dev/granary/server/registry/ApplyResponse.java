package dev.granary.server.registry;

import dev.granary.registry.Applied;
import dev.granary.registry.DiffDocument;

/** The answer to an apply or a rollback: the version now current, whether it is new, and the diff. */
record ApplyResponse(String project, int version, boolean changed, DiffDocument diff) {
    static ApplyResponse of(Applied applied) {
        return new ApplyResponse(applied.project(), applied.version(), applied.changed(),
                DiffDocument.of(applied.diff()));
    }
}
