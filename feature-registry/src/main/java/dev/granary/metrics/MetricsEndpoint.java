package dev.granary.metrics;

import dev.granary.security.ApiToken;
import dev.granary.security.Caller;
import dev.granary.security.Role;

/**
 * {@code GET /metrics} on either port: who may read it. Metrics carry the names of every project, view and feature
 * service (no values), so with security on they need a {@code reader} token made for every project
 * ({@code granary token create --project '*' --role reader --name prometheus}); a project's token is refused with
 * 403, as it would see other projects' names.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";

    private MetricsEndpoint() {
    }

    /** @throws dev.granary.security.RequestRefusedException 403 unless {@code caller} reads every project */
    public static void admit(Caller caller) {
        caller.require(ApiToken.ALL_PROJECTS, Role.READER);
    }
}
