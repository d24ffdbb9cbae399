package dev.granary.security;

import java.time.Instant;
import java.util.List;

/**
 * A token as the API and {@code granary token list} show it: never its secret or hash.
 *
 * @param status {@code active}, {@code revoked} or {@code expired}
 * @param secret only in the answer that made the token: the one time it is shown
 */
public record TokenView(String id, String name, String project, String role, Instant createdAt, Instant expiresAt,
                        Instant revokedAt, List<String> grants, String status, String secret) {
    /** The view of {@code token} as of {@code now}. */
    public static TokenView of(ApiToken token, Instant now) {
        return of(token, now, null);
    }

    static TokenView of(ApiToken token, Instant now, String secret) {
        String status = token.revokedAt().isPresent() ? "revoked" : token.activeAt(now) ? "active" : "expired";
        return new TokenView(token.id(), token.name(), token.project(), token.role().label(), token.createdAt(),
                token.expiresAt().orElse(null), token.revokedAt().orElse(null), token.grants().stream().sorted().toList(),
                status, secret);
    }

    @Override
    public String toString() {
        return "TokenView[" + id + " " + name + " " + role + " on " + project + " " + status + "]";
    }
}
