package dev.granary.security;

import dev.granary.error.BadRequestException;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/tokens}: what {@code granary token} does when forwarded to a server. An admin manages the tokens
 * of its project; an instance-wide admin every token. Every change is in the audit log.
 */
@RestController
class TokenController {
    private final TokenStore tokens;
    private final Authenticator authenticator;
    private final AuditLog audit;

    TokenController(TokenStore tokens, Authenticator authenticator, AuditLog audit) {
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.audit = audit;
    }

    record CreateBody(String project, String role, String name, String expires) {
    }

    record GrantBody(String target) {
    }

    @GetMapping(path = "/api/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    List<TokenView> list() {
        Caller caller = AccessInterceptor.current();
        Instant now = Instant.now();
        return tokens.list().stream().filter(t -> caller.may(t.project(), Role.ADMIN))
                .map(t -> TokenView.of(t, now)).toList();
    }

    @PostMapping(path = "/api/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenView> create(@RequestBody CreateBody body) {
        Caller caller = AccessInterceptor.current();
        if (body.project() == null || body.project().isBlank()) {
            throw new BadRequestException("project", "project is missing: give a project name, or '*'");
        }
        caller.require(body.project(), Role.ADMIN);
        Instant now = Instant.now();
        TokenStore.Created created = tokens.create(body.project(), Role.parse(body.role()), body.name(),
                TokenExpiry.parse(body.expires(), now));
        audit.record(AuditLog.actor(caller, "api"), body.project(), "token-create", created.token().id() + " "
                + created.token().name() + " " + created.token().role().label(), "DONE", null);
        return ResponseEntity.status(HttpStatus.CREATED).body(TokenView.of(created.token(), now, created.secret()));
    }

    @DeleteMapping(path = "/api/v1/tokens/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    TokenView revoke(@PathVariable String id) {
        Caller caller = AccessInterceptor.current();
        caller.require(tokens.get(id).project(), Role.ADMIN);
        ApiToken revoked = tokens.revoke(id);
        authenticator.forget();
        audit.record(AuditLog.actor(caller, "api"), revoked.project(), "token-revoke", id + " " + revoked.name(),
                "DONE", null);
        return TokenView.of(revoked, Instant.now());
    }

    @PostMapping(path = "/api/v1/tokens/{id}/grants", produces = MediaType.APPLICATION_JSON_VALUE)
    TokenView grant(@PathVariable String id, @RequestBody GrantBody body) {
        Caller caller = AccessInterceptor.current();
        caller.require(tokens.get(id).project(), Role.ADMIN);
        ApiToken granted = tokens.grant(id, body.target());
        authenticator.forget();
        audit.record(AuditLog.actor(caller, "api"), granted.project(), "grant", id + " " + body.target(), "DONE",
                null);
        return TokenView.of(granted, Instant.now());
    }
}
