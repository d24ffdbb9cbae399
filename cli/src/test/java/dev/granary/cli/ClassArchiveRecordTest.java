package dev.granary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed command marks the class archive its run records, for the launcher to record again. */
class ClassArchiveRecordTest {
    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        System.clearProperty(ClassArchiveRecord.PROPERTY);
    }

    @Test
    void aFailedRecordingRunLeavesTheMarkTheLauncherLooksFor() {
        Path base = dir.resolve("serve");
        System.setProperty(ClassArchiveRecord.PROPERTY, base.toString());

        ClassArchiveRecord.markFailed();

        assertThat(dir.resolve("serve.failed")).exists();
    }

    @Test
    void aCommandWhoseArgumentsAreRefusedMarksTheRecordAndOneThatRunsDoesNot() {
        System.setProperty(ClassArchiveRecord.PROPERTY, dir.resolve("get").toString());
        assertThat(CliRun.inProcess("get", "--no-such-option").exitCode()).isEqualTo(2);
        assertThat(dir.resolve("get.failed")).exists();

        System.setProperty(ClassArchiveRecord.PROPERTY, dir.resolve("help").toString());
        assertThat(CliRun.inProcess("--version").exitCode()).isZero();
        assertThat(dir.resolve("help.failed")).doesNotExist();
    }

    @Test
    void aCommandThatFailsMarksTheRecord() {
        System.setProperty(ClassArchiveRecord.PROPERTY, dir.resolve("history").toString());
        assertThat(CliRun.inProcess("history", "--repo", dir.resolve("no-repository-here").toString()).exitCode())
                .isNotZero();
        assertThat(dir.resolve("history.failed")).exists();
    }

    @Test
    void aRunThatRecordsNothingMarksNothing() throws Exception {
        ClassArchiveRecord.markFailed();

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anUnwritableFolderNeverFailsTheCommand() {
        System.setProperty(ClassArchiveRecord.PROPERTY, dir.resolve("missing/folder/serve").toString());

        ClassArchiveRecord.markFailed();

        assertThat(dir.resolve("missing")).doesNotExist();
    }
}
