package dev.granary.cli;

import dev.granary.error.InstantField;
import dev.granary.materialization.MaterializeRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "materialize-incremental", mixinStandardHelpOptions = true,
        description = {"Materialize each online view from its watermark (the END of its last finished run, or"
                + " END - ttl the first time) to END, then move its watermark to END.",
                "A failed run leaves the watermark unmoved; running again is safe."})
final class MaterializeIncrementalCommand implements Callable<Integer> {
    @Mixin
    MaterializeOptions options;
    @Parameters(index = "0", paramLabel = "END", description = "ISO-8601 instant, e.g. 2026-11-20T00:00:00Z")
    String end;

    @Override
    public Integer call() {
        return options.materialize((project, views) ->
                MaterializeRequest.incremental(project, InstantField.parse("END", end), views));
    }
}
