package dev.granary.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Writes the sample repository, then runs the very commands a user would type (apply, materialize, export,
 * get), printing each before its output: the quickstart doubles as a tour of the command line.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Write a sample feature repository (rides: drivers and customers, generated Parquet data) "
                + "into DIR, then apply it, materialize it, export a training set, look up features and search the catalog.",
                "Runs on the embedded defaults: no server needed. Running it again over DIR rewrites the sample."})
final class QuickstartCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Where to write the sample repository (created if missing).")
    Path dir;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new DefinitionException(dir + " is a file; give a folder for the sample repository");
        }
        Files.createDirectories(target);
        Instant now = Instant.now();

        SampleRepository sample = new SampleRepository(target, now);
        out.println("[1/8] Writing the sample repository into " + target);
        for (Path file : new SampleRepository(target, now).write()) {
            out.println("      " + file);
        }
        String end = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String repo = target.toString();
        run(out, "2/8", "Apply the definitions to the registry and compute feature statistics", "apply", "--repo", repo,
                "--stats", "-m", "quickstart sample");
        run(out, "3/8", "Materialize the latest values into the online store", "materialize-incremental", end,
                "--repo", repo);
        // the sample is rewritten on each run, and so is its training set (exports never replace a file unasked)
        Files.deleteIfExists(target.resolve("out/training_set.parquet"));
        run(out, "4/8", "Export a point-in-time training set for the driver_ranking model", "export", "--repo", repo,
                "--entities", target.resolve("data/entities.parquet").toString(), "--feature-service", "driver_ranking",
                "--output", target.resolve("out/training_set.parquet").toString());
        run(out, "5/8", "Look up the online features of one driver and one customer", "get", "--repo", repo,
                "--entity", "driver_id=" + SampleRepository.FIRST_DRIVER + ",customer_id=" + SampleRepository.FIRST_CUSTOMER,
                "--feature-service", "driver_ranking");
        run(out, "6/8", "Search the catalog, with a typo: names, descriptions and synonyms match", "search",
                "--repo", repo, "conversion rtae");
        run(out, "7/8", "Check the health of driver_ranking: its sources over the last day against the week before",
                0, "health", "--repo", repo, "driver_ranking");
        out.println();
        out.println("      Simulating drift: an upstream job now writes conv_rate in percent. Rewrote "
                + target.relativize(sample.simulateDrift()));
        run(out, "8/8", "Check again: the drifted feature alerts, and the exit code (1) would stop a pipeline",
                1, "health", "--repo", repo, "driver_ranking");

        out.println();
        out.println("Done. Try next:");
        out.println("  cd " + relative(target));
        out.println("  ../granary plan                  # edit RidesFeatures.java, then see the diff");
        out.println("  ../granary apply                 # store the change as a new version");
        out.println("  ../granary history               # every version, who applied it and what changed");
        out.println("  ../granary get --entity driver_id=1002 --features driver_stats:conv_rate,driver_activity:trips_7d");
        out.println("  ../granary search trips --owner rides-team");
        out.println("  ../granary health driver_ranking --json   # the drift report; see docs/health.md");
        out.println("  ../granary serve                 # web UI, REST API and online API on http://localhost:6566");
        out.flush();
        return 0;
    }

    /** Runs one granary command in this process, as the user would type it; stops the quickstart if it fails. */
    private void run(PrintWriter out, String step, String title, String... args) {
        run(out, step, title, 0, args);
    }

    /** As {@link #run(PrintWriter, String, String, String...)}, expecting exit code {@code expected}. */
    private void run(PrintWriter out, String step, String title, int expected, String... args) {
        out.println();
        out.println("[" + step + "] " + title);
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--repo")) {
                i++;
                continue;
            }
            shown.add(args[i].contains(" ") ? "\"" + args[i] + "\"" : args[i].replace(dir.toAbsolutePath().normalize() + "/", ""));
        }
        out.println("  $ granary " + String.join(" ", shown));
        out.flush();
        CommandLine cli = GranaryCommand.commandLine();
        cli.setOut(out);
        cli.setErr(spec.commandLine().getErr());
        int code = cli.execute(args);
        if (code != expected) {
            throw new QuickstartFailed(step, code == 0 ? 1 : code);
        }
    }

    private static String relative(Path target) {
        Path cwd = Path.of("").toAbsolutePath();
        return target.startsWith(cwd) && !target.equals(cwd) ? cwd.relativize(target).toString() : target.toString();
    }

    /** A step failed; its own message was printed already. Keeps that step's exit code. */
    static final class QuickstartFailed extends RuntimeException implements CommandLine.IExitCodeGenerator {
        private final int exitCode;

        QuickstartFailed(String step, int exitCode) {
            super("step " + step + " failed (see above)");
            this.exitCode = exitCode;
        }

        @Override
        public int getExitCode() {
            return exitCode;
        }
    }
}
