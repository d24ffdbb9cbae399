package dev.granary.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's packages depend on each other one way: {@code dev.granary.client} (the clients) on {@code lookup},
 * {@code feast} and {@code error}; {@code lookup} and {@code feast} on {@code error}; {@code error} on none. Read
 * from the compiled classes by the JDK's {@code jdeps}: what the code uses counts, however it is named (an import
 * only a Javadoc link needs does not).
 */
class PackageDependencyTest {
    private static final String ROOT = "dev.granary.client";
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");
    private static Map<String, Set<String>> edges;

    @BeforeAll
    static void readDependencies() {
        Path classes = Path.of("target", "classes");
        assertThat(classes).as("compiled by the build before the tests").isDirectory();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException(
                "jdeps is missing: run the tests on a JDK (not a JRE)"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-include",
                "dev\\.granary\\.client.*", classes.toString());
        assertThat(status).as("jdeps: %s", err).isZero();
        edges = new HashMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find() && edge.group(2).startsWith(ROOT)) {
                edges.computeIfAbsent(edge.group(1), p -> new HashSet<>()).add(edge.group(2));
            }
        }
        assertThat(edges).as("jdeps found the client's own dependencies: %s", out).containsKey(ROOT);
    }

    @Test
    void noPackageOfTheClientDependsOnTheClientsPackage() {
        List<String> back = new ArrayList<>();
        edges.forEach((from, targets) -> {
            if (!from.equals(ROOT) && targets.contains(ROOT)) {
                back.add(from + " -> " + ROOT);
            }
        });
        assertThat(back).as("the lookup core, the codec and the errors never use the clients").isEmpty();
    }

    @Test
    void theErrorsDependOnNoOtherPackageOfTheClient() {
        assertThat(edges.getOrDefault(ROOT + ".error", Set.of())).isEmpty();
    }

    @Test
    void thePackagesFormNoCycle() {
        for (String start : edges.keySet()) {
            assertThat(reachable(start)).as("packages reachable from %s", start).doesNotContain(start);
        }
    }

    private static Set<String> reachable(String start) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(edges.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    @Test
    void theRuleSeesTheDependenciesThatExist() {
        // a rule over an empty graph passes for nothing: the clients' use of the other packages must show
        assertThat(edges.get(ROOT)).contains(ROOT + ".lookup", ROOT + ".feast", ROOT + ".error");
    }
}
