package dev.granary.security;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A token as the registry keeps it (never its secret): who it is for, its role on one project or on every project
 * ({@value #ALL_PROJECTS}), when it stops working, and the restricted features or views it was granted.
 *
 * @param id        the public identifier ({@code granary token revoke ID})
 * @param name      who uses it; recorded as the author of versions it applies and in the audit log
 * @param project   the project it acts on, or {@value #ALL_PROJECTS} for every project
 * @param grants    {@code view:feature} or {@code view} entries: restricted data it may read
 */
public record ApiToken(String id, String name, String project, Role role, Instant createdAt,
                       Optional<Instant> expiresAt, Optional<Instant> revokedAt, Set<String> grants) {
    public static final String ALL_PROJECTS = "*";

    public ApiToken {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(project, "project is null");
        requireNonNull(role, "role is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
        grants = Set.copyOf(grants);
    }

    /** Whether the token works at {@code now}: not revoked, not expired. */
    public boolean activeAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }

    /** Whether it acts on {@code project} (a project token on its own, an instance-wide one on every project). */
    public boolean actsOn(String project) {
        return this.project.equals(ALL_PROJECTS) || this.project.equals(project);
    }

    /** Whether it was granted the restricted feature {@code view:feature} (or its whole view). */
    public boolean granted(String view, String feature) {
        return grants.contains(view) || grants.contains(view + ":" + feature);
    }
}
