package dev.granary.security;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * The one table of who may call what: every endpoint of both ports ({@code "POST /api/v1/apply"}, patterns as
 * Spring maps them) with the role it needs and where its project comes from. An endpoint missing here is refused
 * (the server fails closed), and the role-matrix test fails, so a new endpoint cannot ship without a rule.
 */
public final class AccessRules {
    /** Where the project of a call is. */
    public enum Scope {
        /** No token needed: {@code /health}, {@code /ready}, the error page. */
        OPEN,
        /** The {@code {project}} path variable: checked before the endpoint runs. */
        PATH,
        /**
         * In the body or the stored object (a spec, a lookup, a job, a token): the role is checked before the
         * endpoint runs, the project by the endpoint once it knows it; lists are filtered to the caller's projects.
         */
        ENDPOINT
    }

    /** @param role the role the call needs (null for {@link Scope#OPEN}) */
    public record Rule(Role role, Scope scope) {
        public Rule {
            requireNonNull(scope, "scope is null");
            if ((role == null) != (scope == Scope.OPEN)) {
                throw new IllegalArgumentException("an open rule has no role, every other one has one");
            }
        }
    }

    private static final Rule OPEN = new Rule(null, Scope.OPEN);

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("GET /health", OPEN),
            Map.entry("GET /ready", OPEN),
            Map.entry("* /error", OPEN),
            // every project's names, so a reader token of every project ('*'), checked by the endpoint (both ports)
            Map.entry("GET /metrics", new Rule(Role.READER, Scope.ENDPOINT)),
            // the registry
            Map.entry("POST /api/v1/plan", new Rule(Role.READER, Scope.ENDPOINT)),
            Map.entry("POST /api/v1/apply", new Rule(Role.WRITER, Scope.ENDPOINT)),
            Map.entry("GET /api/v1/projects", new Rule(Role.READER, Scope.ENDPOINT)),
            Map.entry("GET /api/v1/projects/{project}", new Rule(Role.READER, Scope.PATH)),
            Map.entry("GET /api/v1/projects/{project}/versions", new Rule(Role.READER, Scope.PATH)),
            Map.entry("GET /api/v1/projects/{project}/versions/{version}", new Rule(Role.READER, Scope.PATH)),
            Map.entry("POST /api/v1/projects/{project}/rollback/{version}", new Rule(Role.WRITER, Scope.PATH)),
            Map.entry("GET /api/v1/projects/{project}/entities", new Rule(Role.READER, Scope.PATH)),
            Map.entry("GET /api/v1/projects/{project}/sources", new Rule(Role.READER, Scope.PATH)),
            Map.entry("GET /api/v1/projects/{project}/feature-views", new Rule(Role.READER, Scope.PATH)),
            Map.entry("GET /api/v1/projects/{project}/feature-views/{name}", new Rule(Role.READER, Scope.PATH)),
            Map.entry("GET /api/v1/projects/{project}/feature-services", new Rule(Role.READER, Scope.PATH)),
            // the catalog
            Map.entry("GET /api/v1/search", new Rule(Role.READER, Scope.ENDPOINT)),
            Map.entry("GET /api/v1/projects/{project}/features/{view}/{feature}", new Rule(Role.READER, Scope.PATH)),
            Map.entry("POST /api/v1/projects/{project}/statistics", new Rule(Role.WRITER, Scope.PATH)),
            Map.entry("GET /api/v1/projects/{project}/feature-services/{service}/health",
                    new Rule(Role.READER, Scope.PATH)),
            // the stored scheduled checks: the same statistics as the report, the same restricted-feature check
            Map.entry("GET /api/v1/projects/{project}/feature-services/{service}/health/history",
                    new Rule(Role.READER, Scope.PATH)),
            // jobs
            Map.entry("POST /api/v1/projects/{project}/training-sets", new Rule(Role.READER, Scope.PATH)),
            Map.entry("POST /api/v1/projects/{project}/materializations", new Rule(Role.WRITER, Scope.PATH)),
            Map.entry("GET /api/v1/jobs/{id}", new Rule(Role.READER, Scope.ENDPOINT)),
            // serving (both ports)
            Map.entry("POST /get-online-features", new Rule(Role.READER, Scope.ENDPOINT)),
            Map.entry("POST /push", new Rule(Role.WRITER, Scope.ENDPOINT)),
            Map.entry("POST /write-to-online-store", new Rule(Role.WRITER, Scope.ENDPOINT)),
            Map.entry("POST /materialize", new Rule(Role.WRITER, Scope.ENDPOINT)),
            Map.entry("POST /materialize-incremental", new Rule(Role.WRITER, Scope.ENDPOINT)),
            // security itself
            Map.entry("GET /api/v1/tokens", new Rule(Role.ADMIN, Scope.ENDPOINT)),
            Map.entry("POST /api/v1/tokens", new Rule(Role.ADMIN, Scope.ENDPOINT)),
            Map.entry("DELETE /api/v1/tokens/{id}", new Rule(Role.ADMIN, Scope.ENDPOINT)),
            Map.entry("POST /api/v1/tokens/{id}/grants", new Rule(Role.ADMIN, Scope.ENDPOINT)),
            Map.entry("GET /api/v1/audit", new Rule(Role.ADMIN, Scope.ENDPOINT)));

    private AccessRules() {
    }

    /** The rule of {@code method pattern}; empty when the endpoint has none. */
    public static Optional<Rule> of(String method, String pattern) {
        Rule rule = RULES.get(method + " " + pattern);
        return Optional.ofNullable(rule != null ? rule : RULES.get("* " + pattern));
    }

    /** Every {@code "METHOD pattern"} with a rule. */
    public static java.util.Set<String> routes() {
        return RULES.keySet();
    }
}
