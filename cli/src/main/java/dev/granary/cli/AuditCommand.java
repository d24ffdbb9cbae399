package dev.granary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.error.InstantField;
import dev.granary.security.AuditLog;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code granary audit [--since T] [--project P]}: the audit log, newest first. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the audit log: applies, rollbacks, jobs, token changes and denied calls, newest first.")
final class AuditCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Option(names = "--since", description = "Only entries at or after this ISO-8601 instant.")
    String since;
    @Option(names = "--project", description = "Only entries of this project.")
    String project;
    @Option(names = "--limit", defaultValue = "200", description = "At most this many entries (default 200).")
    int limit;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Instant from = InstantField.parse("--since", since);
        List<AuditLog.Entry> entries;
        try (Workspace workspace = repo.open()) {
            Optional<SecurityCalls> server = SecurityCalls.forServer(workspace);
            if (server.isPresent()) {
                StringBuilder path = new StringBuilder("/api/v1/audit?limit=" + limit);
                if (since != null) {
                    path.append("&since=").append(URLEncoder.encode(since, StandardCharsets.UTF_8));
                }
                if (project != null) {
                    path.append("&project=").append(URLEncoder.encode(project, StandardCharsets.UTF_8));
                }
                entries = new ArrayList<>();
                for (JsonNode node : server.get().send("GET", path.toString(), null)) {
                    entries.add(SecurityCalls.json().convertValue(node, AuditLog.Entry.class));
                }
            } else {
                entries = new AuditLog(workspace.registryDataSource()).read(from, project, limit);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-20s %-24s %-12s %-22s %-12s %s%n", "AT (UTC)", "ACTOR", "PROJECT", "ACTION",
                "RESULT", "TARGET");
        for (AuditLog.Entry e : entries) {
            out.printf(Locale.ROOT, "%-20s %-24s %-12s %-22s %-12s %s%n",
                    e.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", ""),
                    e.actor(), e.project() == null ? "-" : e.project(), e.action(), e.result(),
                    e.target() == null ? "" : e.target());
        }
        return 0;
    }
}
