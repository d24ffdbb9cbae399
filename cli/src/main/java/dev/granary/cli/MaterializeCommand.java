package dev.granary.cli;

import dev.granary.error.InstantField;
import dev.granary.materialization.MaterializeRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "materialize", mixinStandardHelpOptions = true,
        description = {"Write the point-in-time values as of END of the online views into the online store, using"
                + " source rows with START <= event time <= END. Values only move forward (newer wins).",
                "Progress is drawn on stderr."})
final class MaterializeCommand implements Callable<Integer> {
    @Mixin
    MaterializeOptions options;
    @Parameters(index = "0", paramLabel = "START", description = "ISO-8601 instant, e.g. 2026-11-01T00:00:00Z")
    String start;
    @Parameters(index = "1", paramLabel = "END", description = "ISO-8601 instant, e.g. 2026-11-20T00:00:00Z")
    String end;

    @Override
    public Integer call() {
        return options.materialize((project, views) -> MaterializeRequest.range(project,
                InstantField.parse("START", start), InstantField.parse("END", end), views));
    }
}
