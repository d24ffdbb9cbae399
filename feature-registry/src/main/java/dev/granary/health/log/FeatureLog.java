package dev.granary.health.log;

/**
 * The log of what feature services serve. {@link #served} is called on the request path for every lookup by a
 * service with logging on; it decides the sample and returns at once, whatever the state of the writer.
 */
public interface FeatureLog extends AutoCloseable {
    /** A log that logs nothing (logging unused, or in tests). */
    FeatureLog OFF = new FeatureLog() {
        @Override
        public void served(ServedLookup lookup) {
        }

        @Override
        public LogCounters counters() {
            return new LogCounters(0, 0, 0, 0, 0);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Offers a served lookup: kept with probability {@code lookup.service().logging().sampleRate()}; never blocks. */
    void served(ServedLookup lookup);

    LogCounters counters();

    /** Writes every lookup queued so far and returns when they are written (or failed). */
    void flush();

    /** Writes what is queued and stops the writer. */
    @Override
    void close();
}
