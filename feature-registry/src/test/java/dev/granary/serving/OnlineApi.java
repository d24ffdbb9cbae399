package dev.granary.serving;

import java.time.Duration;
import java.util.Map;

/**
 * What the online API's behaviour contracts ({@link LookupContract}, {@link PushContract},
 * {@link RegistryApiContract}, {@link ServingOpsContract}) need from a running server and its data; given by
 * {@link OnlineApiContract}, which every backend's test extends.
 */
interface OnlineApi {
    /** Feast's timestamp for a value with no event time. */
    String EPOCH = "1970-01-01T00:00:00Z";

    /** The main port: the registry's REST API, jobs, readiness. */
    Http http();

    /** The port answering {@code /get-online-features} and {@code /push}. */
    Http serving();

    /** The repository applied and materialized once per test class. */
    OnlineTestRepo repo();

    /** {@code driver_stats} as materialized: each driver's latest row of the last day. */
    default Map<Long, OnlineTestRepo.DriverRow> current() {
        return repo().asOf(repo().now().minus(Duration.ofDays(1)), repo().now(), 86_400);
    }
}
