package dev.granary.offline;

/**
 * Receives progress of a long offline job so a CLI can draw a bar or a job endpoint can report status. Called
 * from the engine's threads; implementations must be thread-safe and quick. Phases of an export, in order:
 * {@code read-entities}, {@code join} (done/total in views), {@code write} (done/total in rows).
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, done, total) -> { };

    /** {@code done} out of {@code total} units of {@code phase}; {@code total} is -1 when unknown. */
    void progress(String phase, long done, long total);
}
