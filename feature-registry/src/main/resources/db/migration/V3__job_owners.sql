-- Who runs each unfinished job: "host/pid/process start", so a process on the same host sees at once that the
-- owner of a job is gone (a crash, kill -9) and records the job FAILED; jobs of other hosts are judged by their
-- heartbeat (updated_at) alone.
ALTER TABLE jobs ADD COLUMN owner_process VARCHAR(300);
CREATE INDEX ix_jobs_status ON jobs (status);
