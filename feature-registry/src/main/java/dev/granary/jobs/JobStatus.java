package dev.granary.jobs;

/** The life of a job: queued, running, then succeeded or failed (terminal). */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
