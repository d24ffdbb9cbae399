package dev.granary.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The launcher's class archive of this command (.mvn/class-archive.sh): when this run records it, the launcher
 * names the archive in {@value #PROPERTY}, and a command that fails (it throws, or its arguments are refused) marks
 * it so that the launcher records again instead of keeping the classes of a run that stopped early. An outcome a
 * command returns as its exit code (an alert of {@code granary health}) is no failure: that run went all the way.
 */
final class ClassArchiveRecord {
    static final String PROPERTY = "granary.classArchive.record";

    private ClassArchiveRecord() {
    }

    /** Marks this run's record as failed, when this run records one; never fails the command itself. */
    static void markFailed() {
        String base = System.getProperty(PROPERTY);
        if (base == null || base.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(base + ".failed"), "");
        } catch (IOException | RuntimeException e) {
            // the record is then used as it is: a slower start, never a failed one
        }
    }
}
