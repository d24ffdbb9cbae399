package dev.granary.security;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Who makes a call, as far as the server's checks go: a token, or {@link #UNCHECKED} when security is off (every
 * call allowed, as in the embedded quickstart). Endpoints ask it before they act, so the same rules hold on both
 * ports and in every controller.
 */
public final class Caller {
    /** Security is off: everything is allowed and the author is whoever the call claims. */
    public static final Caller UNCHECKED = new Caller(null);

    private final ApiToken token;

    private Caller(ApiToken token) {
        this.token = token;
    }

    /** A caller holding {@code token} (already checked as active). */
    public static Caller of(ApiToken token) {
        return new Caller(requireNonNull(token, "token is null"));
    }

    public Optional<ApiToken> token() {
        return Optional.ofNullable(token);
    }

    /** The author recorded for a version: the token's name, else what the call claims. */
    public String author(String claimed) {
        return token == null ? claimed : token.name();
    }

    /** Whether the caller may act on {@code project} with {@code role}. */
    public boolean may(String project, Role role) {
        return token == null || (token.actsOn(project) && token.role().covers(role));
    }

    /** Whether the caller has {@code role} on some project (the first gate of endpoints naming it in the body). */
    public boolean hasRole(Role role) {
        return token == null || token.role().covers(role);
    }

    /** @throws RequestRefusedException 403 naming the token, its role and what the call needs */
    public void require(String project, Role role) {
        if (!may(project, role)) {
            throw Refusal.forbidden(token, project, role);
        }
    }

    /**
     * Whether the caller may read a restricted feature (the check of {@link FeatureAccess}): always when security is
     * off; else with a grant on it or its view, or as an admin, who may grant itself anything it needs anyway.
     */
    boolean mayReadRestricted(String view, String feature) {
        return token == null || token.role() == Role.ADMIN || token.granted(view, feature);
    }

    @Override
    public String toString() {
        return token == null ? "Caller[unchecked]" : "Caller[" + token.id() + " " + token.name() + "]";
    }
}
