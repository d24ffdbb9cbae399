package dev.granary.security;

import static java.util.Objects.requireNonNull;

/**
 * The serving port's checks, the main port's rules without Spring: {@link #admit} authenticates a call (a
 * cached hash lookup, microseconds) and the services require the role on the project they resolve; every refusal
 * is recorded with {@link #denied}.
 */
public final class ServingGate {
    /** Security off and nothing recorded: for servers started without the security beans (tests, tools). */
    public static final ServingGate OPEN = new ServingGate(new Authenticator(null, false), null);

    private final Authenticator authenticator;
    private final AuditLog audit;

    public ServingGate(Authenticator authenticator, AuditLog audit) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.audit = audit;
    }

    /**
     * The caller of a call to {@code route} ({@code /push}), after the rule's role check.
     *
     * @throws RequestRefusedException 401 without a valid token, 403 without the route's role on any project
     */
    public Caller admit(String route, String authorization) {
        return admit("POST", route, authorization);
    }

    /** As {@link #admit(String, String)} for a call with {@code method} ({@code GET /metrics}). */
    public Caller admit(String method, String route, String authorization) {
        Caller caller = authenticator.authenticate(authorization);
        if (caller != Caller.UNCHECKED) {
            AccessRules.Rule rule = AccessRules.of(method, route).orElseThrow(() -> Refusal.noRule(method + " " + route));
            if (!caller.hasRole(rule.role())) {
                throw Refusal.forbidden(caller.token().orElseThrow(), null, rule.role());
            }
        }
        return caller;
    }

    /** Records a refused call of {@code route}. */
    public void denied(String route, RequestRefusedException refusal) {
        denied("POST", route, refusal);
    }

    /** Records a refused call of {@code method route}. */
    public void denied(String method, String route, RequestRefusedException refusal) {
        if (audit != null) {
            audit.denied(method + " " + route, refusal);
        }
    }
}
