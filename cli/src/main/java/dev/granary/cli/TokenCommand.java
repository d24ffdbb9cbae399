package dev.granary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.security.ApiToken;
import dev.granary.security.AuditLog;
import dev.granary.security.Role;
import dev.granary.security.TokenExpiry;
import dev.granary.security.TokenStore;
import dev.granary.security.TokenView;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code granary token create|list|revoke|grant}: the tokens of a server with {@code security.enabled}. Run on the
 * repository, they write the registry directly (the user owns it); while {@code granary serve} holds the embedded
 * registry they go through it with {@code GRANARY_TOKEN} (an admin's).
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Make, list, revoke and grant API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class,
                TokenCommand.Grant.class})
final class TokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The registry opened here: its tokens, and its audit log recording changes as the local user. */
    record Local(TokenStore store, AuditLog audit) {
        void record(String project, String action, String target) {
            audit.record("local " + System.getProperty("user.name", "user"), project, action, target, "DONE", null);
        }
    }

    /** Runs {@code local} on the registry here, or {@code remote} on the server holding it. */
    static <T> T either(RepoOptions repo, java.util.function.Function<Local, T> local,
                        java.util.function.Function<SecurityCalls, T> remote) {
        try (Workspace workspace = repo.open()) {
            Optional<SecurityCalls> server = SecurityCalls.forServer(workspace);
            if (server.isPresent()) {
                return remote.apply(server.get());
            }
            return local.apply(new Local(new TokenStore(workspace.registryDataSource()),
                    new AuditLog(workspace.registryDataSource())));
        }
    }

    static void print(PrintWriter out, List<TokenView> tokens) {
        out.printf(Locale.ROOT, "%-18s %-20s %-14s %-7s %-8s %-20s %s%n", "ID", "NAME", "PROJECT", "ROLE", "STATUS",
                "EXPIRES (UTC)", "GRANTS");
        for (TokenView t : tokens) {
            out.printf(Locale.ROOT, "%-18s %-20s %-14s %-7s %-8s %-20s %s%n", t.id(), t.name(), t.project(),
                    t.role(), t.status(),
                    t.expiresAt() == null ? "never" : t.expiresAt().toString().replace('T', ' ').replace("Z", ""),
                    String.join(",", t.grants()));
        }
    }

    static TokenView view(JsonNode node) {
        return SecurityCalls.json().convertValue(node, TokenView.class);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Make a token; its secret is printed once and stored only as a hash.")
    static final class Create implements Callable<Integer> {
        @Mixin
        RepoOptions repo;
        @Option(names = "--project", required = true, description = "The project it acts on, or '*' for every project.")
        String project;
        @Option(names = "--role", required = true, description = "reader, writer or admin.")
        String role;
        @Option(names = "--name", description = "Who uses it; recorded as the author of what it applies.")
        String name;
        @Option(names = "--expires", description = "A lifetime (30d, 12h, 90m) or an ISO-8601 instant. Default: never.")
        String expires;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Role parsed = Role.parse(role);
            String[] secret = new String[1];
            TokenView made = either(repo, local -> {
                TokenStore.Created created = local.store().create(project, parsed, name,
                        TokenExpiry.parse(expires, Instant.now()));
                local.record(project, "token-create", created.token().id() + " " + created.token().name() + " "
                        + parsed.label());
                secret[0] = created.secret();
                return viewOf(created.token());
            }, server -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("project", project);
                body.put("role", parsed.label());
                body.put("name", name);
                body.put("expires", expires);
                TokenView v = view(server.send("POST", "/api/v1/tokens", body));
                secret[0] = v.secret();
                return v;
            });
            PrintWriter out = spec.commandLine().getOut();
            out.println("Token " + made.id() + " ('" + made.name() + "'): " + made.role() + " on "
                    + (made.project().equals(ApiToken.ALL_PROJECTS) ? "every project" : "project " + made.project())
                    + (made.expiresAt() == null ? "" : ", expires " + made.expiresAt()) + ".");
            out.println("Secret (shown only now; send it as 'Authorization: Bearer ...' or GRANARY_TOKEN):");
            out.println(secret[0]);
            return 0;
        }
    }

    static TokenView viewOf(ApiToken token) {
        return TokenView.of(token, Instant.now());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        RepoOptions repo;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<TokenView> tokens = either(repo, local -> local.store().list().stream().map(TokenCommand::viewOf).toList(),
                    server -> {
                        List<TokenView> views = new ArrayList<>();
                        server.send("GET", "/api/v1/tokens", null).forEach(n -> views.add(view(n)));
                        return views;
                    });
            print(spec.commandLine().getOut(), tokens);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token; every server sharing the registry refuses it within a second.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        RepoOptions repo;
        @Parameters(paramLabel = "ID", description = "The token's id (granary token list).")
        String id;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            TokenView revoked = either(repo, local -> {
                        ApiToken token = local.store().revoke(id);
                        local.record(token.project(), "token-revoke", id + " " + token.name());
                        return viewOf(token);
                    },
                    server -> view(server.send("DELETE", "/api/v1/tokens/" + id, null)));
            spec.commandLine().getOut().println("Token " + revoked.id() + " ('" + revoked.name() + "') is revoked.");
            return 0;
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true,
            description = "Let a token read a restricted feature (view:feature) or a restricted view (view).")
    static final class Grant implements Callable<Integer> {
        @Mixin
        RepoOptions repo;
        @Parameters(index = "0", paramLabel = "ID", description = "The token's id.")
        String id;
        @Parameters(index = "1", paramLabel = "view:feature|view", description = "What it may read.")
        String target;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            TokenView granted = either(repo, local -> {
                        ApiToken token = local.store().grant(id, target);
                        local.record(token.project(), "grant", id + " " + target);
                        return viewOf(token);
                    },
                    server -> view(server.send("POST", "/api/v1/tokens/" + id + "/grants", Map.of("target", target))));
            spec.commandLine().getOut().println("Token " + granted.id() + " ('" + granted.name() + "') may read "
                    + String.join(", ", granted.grants()) + ".");
            return 0;
        }
    }
}
