package dev.granary.security;

import static dev.granary.registry.db.Tables.API_TOKENS;
import static dev.granary.registry.db.Tables.TOKEN_GRANTS;
import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import dev.granary.error.NotFoundException;
import dev.granary.registry.RegistrySql;
import dev.granary.registry.db.tables.records.ApiTokensRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The registry's {@code api_tokens} and {@code token_grants} tables: tokens are made (the secret returned once and
 * stored only as its hash), listed, revoked (kept, with the time) and granted restricted features. Every instance
 * sharing the registry sees the same tokens.
 */
public final class TokenStore {
    private final RegistrySql sql;
    private final Clock clock;

    public TokenStore(DataSource registryDatabase) {
        this(registryDatabase, Clock.systemUTC());
    }

    TokenStore(DataSource registryDatabase, Clock clock) {
        this.sql = new RegistrySql(requireNonNull(registryDatabase, "registryDatabase is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A token just made, with its secret: the only time the secret is known. */
    public record Created(ApiToken token, String secret) {
        public Created {
            requireNonNull(token, "token is null");
            requireNonNull(secret, "secret is null");
        }

        @Override
        public String toString() {
            return "Created[token=" + token + ", secret=****]";
        }
    }

    /**
     * Makes a token.
     *
     * @param project a project name or {@value ApiToken#ALL_PROJECTS}
     * @param name    who uses it (default: the id)
     * @throws BadRequestException naming the field when the project or the name is empty or the expiry past
     */
    public Created create(String project, Role role, String name, Optional<Instant> expiresAt) {
        if (project == null || project.isBlank()) {
            throw new BadRequestException("project", "project is missing: give a project name, or '*' for every"
                    + " project");
        }
        requireNonNull(role, "role is null");
        Instant now = clock.instant();
        expiresAt.filter(e -> !e.isAfter(now)).ifPresent(e -> {
            throw new BadRequestException("expires", "the expiry " + e + " is not in the future");
        });
        String id = TokenSecrets.newId();
        String secret = TokenSecrets.newSecret();
        String tokenName = name == null || name.isBlank() ? id : name.strip();
        if (tokenName.length() > 200) {
            throw new BadRequestException("name", "the token name is longer than 200 characters");
        }
        sql.guard("store a token", () -> sql.db().insertInto(API_TOKENS)
                .set(API_TOKENS.ID, id).set(API_TOKENS.NAME, tokenName).set(API_TOKENS.PROJECT, project.strip())
                .set(API_TOKENS.ROLE, role.label()).set(API_TOKENS.TOKEN_HASH, TokenSecrets.hash(secret))
                .set(API_TOKENS.CREATED_AT, time(now)).set(API_TOKENS.EXPIRES_AT, expiresAt.map(TokenStore::time).orElse(null))
                .execute());
        return new Created(new ApiToken(id, tokenName, project.strip(), role, now, expiresAt, Optional.empty(),
                Set.of()), secret);
    }

    /** Every token, revoked and expired ones included, oldest first. */
    public List<ApiToken> list() {
        return sql.guard("list tokens", () -> {
            Map<String, Set<String>> grants = grants();
            return sql.db().selectFrom(API_TOKENS).orderBy(API_TOKENS.CREATED_AT, API_TOKENS.ID).fetch().stream()
                    .map(r -> token(r, grants.getOrDefault(r.getId(), Set.of()))).toList();
        });
    }

    /** One token. @throws NotFoundException when there is none with this id */
    public ApiToken get(String id) {
        return sql.guard("read a token", () -> {
            ApiTokensRecord record = sql.db().selectFrom(API_TOKENS).where(API_TOKENS.ID.eq(id)).fetchOne();
            if (record == null) {
                throw notFound(id);
            }
            return token(record, Set.copyOf(sql.db().select(TOKEN_GRANTS.TARGET).from(TOKEN_GRANTS)
                    .where(TOKEN_GRANTS.TOKEN_ID.eq(id)).fetch(TOKEN_GRANTS.TARGET)));
        });
    }

    /** The token whose secret hashes to {@code hash}, whatever its state; empty when none. */
    public Optional<ApiToken> findByHash(String hash) {
        return sql.guard("check a token", () -> {
            ApiTokensRecord record = sql.db().selectFrom(API_TOKENS).where(API_TOKENS.TOKEN_HASH.eq(hash)).fetchOne();
            if (record == null || !TokenSecrets.sameHash(record.getTokenHash(), hash)) {
                return Optional.empty();
            }
            return Optional.of(token(record, Set.copyOf(sql.db().select(TOKEN_GRANTS.TARGET).from(TOKEN_GRANTS)
                    .where(TOKEN_GRANTS.TOKEN_ID.eq(record.getId())).fetch(TOKEN_GRANTS.TARGET))));
        });
    }

    /** Revokes a token (idempotent; the row stays for the audit). @throws NotFoundException for an unknown id */
    public ApiToken revoke(String id) {
        get(id);
        sql.guard("revoke a token", () -> sql.db().update(API_TOKENS).set(API_TOKENS.REVOKED_AT, time(clock.instant()))
                .where(API_TOKENS.ID.eq(id)).and(API_TOKENS.REVOKED_AT.isNull()).execute());
        return get(id);
    }

    /**
     * Lets a token read a restricted feature ({@code view:feature}) or a restricted view ({@code view}).
     *
     * @throws NotFoundException for an unknown id
     * @throws BadRequestException naming {@code target} when it is not {@code view} or {@code view:feature}
     */
    public ApiToken grant(String id, String target) {
        if (target == null || !target.matches("[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?")) {
            throw new BadRequestException("target", "grant '" + target + "' is not a view or view:feature,"
                    + " e.g. driver_stats:ssn or driver_stats");
        }
        get(id);
        sql.guard("grant a feature", () -> sql.db().insertInto(TOKEN_GRANTS).set(TOKEN_GRANTS.TOKEN_ID, id)
                .set(TOKEN_GRANTS.TARGET, target).set(TOKEN_GRANTS.CREATED_AT, time(clock.instant()))
                .onConflictDoNothing().execute());
        return get(id);
    }

    private Map<String, Set<String>> grants() {
        return sql.db().select(TOKEN_GRANTS.TOKEN_ID, TOKEN_GRANTS.TARGET).from(TOKEN_GRANTS).fetch().stream()
                .collect(Collectors.groupingBy(r -> r.value1(), Collectors.mapping(r -> r.value2(), Collectors.toSet())));
    }

    private static ApiToken token(ApiTokensRecord r, Set<String> grants) {
        return new ApiToken(r.getId(), r.getName(), r.getProject(), Role.parse(r.getRole()), r.getCreatedAt().toInstant(),
                Optional.ofNullable(r.getExpiresAt()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.getRevokedAt()).map(OffsetDateTime::toInstant), grants);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("id", "there is no token '" + id + "'; granary token list shows them");
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
