package dev.granary.health.log;

import static java.util.Objects.requireNonNull;

import dev.granary.client.lookup.LookupResult;
import java.time.Instant;

/**
 * One sampled lookup waiting to be written: the answer as served (immutable, so queueing it copies nothing on the
 * request path; values are decoded by the writer).
 */
public record ServedLookup(LoggedService service, Instant requestTime, LookupResult result) {
    public ServedLookup {
        requireNonNull(service, "service is null");
        requireNonNull(requestTime, "requestTime is null");
        requireNonNull(result, "result is null");
    }
}
