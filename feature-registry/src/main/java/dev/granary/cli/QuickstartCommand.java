package dev.granary.cli;

import dev.granary.registry.Applied;
import dev.granary.registry.ApplyOptions;
import dev.granary.spec.RepoSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Write a sample feature repository (rides: drivers and customers, generated Parquet data) "
                + "into DIR, apply it and print what to try next.",
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

        step(out, "1/2", "Writing the sample repository into " + target);
        for (Path file : new SampleRepository(target, Instant.now()).write()) {
            out.println("      " + file);
        }

        step(out, "2/2", "Applying the definitions to the registry (" + Path.of(".granary", "registry") + ")");
        try (Workspace workspace = Workspace.open(target)) {
            RepoSpec sample = new DefinitionLoader().load(target, workspace.config().project());
            Applied applied = workspace.registry().apply(sample, ApplyOptions.by(Workspace.author())
                    .withMessage("quickstart sample"));
            out.println(applied.changed()
                    ? indent(applied.diff().render()) + "\n      project " + applied.project() + " is at version " + applied.version()
                    : "      unchanged: project " + applied.project() + " stays at version " + applied.version());
        }

        String cd = "cd " + relative(target);
        out.println();
        out.println("Done. Try next:");
        out.println("  " + cd);
        out.println("  ../granary plan                  # edit RidesFeatures.java, then see the diff");
        out.println("  ../granary apply                 # store the change as a new version");
        out.println("  ../granary history               # every version, who applied it and what changed");
        out.println("  ../granary serve                 # REST API on http://localhost:6566");
        out.flush();
        return 0;
    }

    private static void step(PrintWriter out, String number, String text) {
        out.println("[" + number + "] " + text);
        out.flush();
    }

    private static String indent(String text) {
        return text.lines().map(l -> "      " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private static String relative(Path target) {
        Path cwd = Path.of("").toAbsolutePath();
        return target.startsWith(cwd) && !target.equals(cwd) ? cwd.relativize(target).toString() : target.toString();
    }
}
