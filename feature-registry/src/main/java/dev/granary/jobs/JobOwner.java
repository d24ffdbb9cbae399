package dev.granary.jobs;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that runs a job: host, process id and the process's start time, stored with the job as
 * {@code host/pid/startMillis}. The start time tells a live owner from a later process that reuses its id.
 *
 * @param host        the host name, as the JVM knows it
 * @param pid         the operating system's process id
 * @param startMillis when the process started (epoch milliseconds), 0 when the system does not say
 */
record JobOwner(String host, long pid, long startMillis) {
    private static final JobOwner CURRENT = of(ProcessHandle.current());

    JobOwner {
        requireNonNull(host, "host is null");
        if (host.isEmpty() || host.contains("/")) {
            throw new IllegalArgumentException("host must be a non-empty name without '/', got '" + host + "'");
        }
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, got " + pid);
        }
    }

    /** This process. */
    static JobOwner current() {
        return CURRENT;
    }

    /** Reads {@code host/pid/startMillis}; empty for anything else (a job recorded before owners were). */
    static Optional<JobOwner> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int last = text.lastIndexOf('/');
        int middle = last <= 0 ? -1 : text.lastIndexOf('/', last - 1);
        if (middle <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JobOwner(text.substring(0, middle), Long.parseLong(text.substring(middle + 1, last)),
                    Long.parseLong(text.substring(last + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this owner runs on this host and is certainly gone: no process has its id, or the one that has it
     * started at another time. An owner on another host is never judged here (its heartbeat is).
     */
    boolean isGoneFromThisHost() {
        if (!host.equals(CURRENT.host)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        long started = startOf(process.get());
        return startMillis != 0 && started != 0 && started != startMillis;
    }

    @Override
    public String toString() {
        return host + "/" + pid + "/" + startMillis;
    }

    private static JobOwner of(ProcessHandle process) {
        return new JobOwner(hostName(), process.pid(), startOf(process));
    }

    private static long startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        name = name.replace('/', '_');
        return name.isEmpty() ? "localhost" : name;
    }
}
