package dev.granary.bench.online;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Removes the keys a benchmark wrote into a Redis it shares with the machine (the local one, by default) when the
 * run ends, fails, or is stopped by a signal the JVM handles (Ctrl-C, SIGTERM): a full online run writes millions
 * of keys, and left behind they slow every later user of that Redis, tests included. A SIGKILL still leaves them.
 *
 * <p>On a signal the benchmark's own threads go on running while the JVM stops, so the writers are closed first
 * (their next write fails) and the removal uses connections of its own.
 */
final class SharedRedisKeys implements AutoCloseable {
    private final Runnable removal;
    private final List<AutoCloseable> writers;
    private final AtomicBoolean removed = new AtomicBoolean();
    private final Thread hook;

    private SharedRedisKeys(Runnable removal, List<AutoCloseable> writers) {
        this.removal = removal;
        this.writers = writers;
        this.hook = new Thread(this::stopWritersAndRemove, "bench-redis-clean-up");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Runs {@code removal}, which opens its own connections, once: at {@link #close()}, or when the JVM is stopped
     * before, after closing {@code writers}.
     */
    static SharedRedisKeys removedAtExit(Runnable removal, AutoCloseable... writers) {
        return new SharedRedisKeys(removal, List.of(writers));
    }

    private void stopWritersAndRemove() {
        for (AutoCloseable writer : writers) {
            try {
                writer.close();
            } catch (Exception e) {
                // the writer is being stopped mid-write; what it wrote is removed below all the same
            }
        }
        remove();
    }

    private void remove() {
        if (removed.compareAndSet(false, true)) {
            removal.run();
        }
    }

    @Override
    public void close() {
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is stopping: the hook has run or runs now, and removes nothing twice
        }
    }
}
