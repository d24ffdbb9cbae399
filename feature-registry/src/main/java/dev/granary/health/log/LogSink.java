package dev.granary.health.log;

import java.util.List;

/** Where the writer thread puts batches of sampled lookups; called on that thread only. */
public interface LogSink {
    /**
     * Writes {@code lookups}, all of one service and spec version, in the order served.
     *
     * @throws RuntimeException when the batch cannot be written; the log counts it and goes on
     */
    void write(LoggedService service, List<ServedLookup> lookups);
}
