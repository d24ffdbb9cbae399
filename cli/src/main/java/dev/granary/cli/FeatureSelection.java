package dev.granary.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** Which features a command works on: a list of {@code view:feature} references or one feature service. */
final class FeatureSelection {
    @Option(names = "--features", split = ",", paramLabel = "VIEW:FEATURE", description = "Features, comma-separated.")
    List<String> features;
    @Option(names = "--feature-service", paramLabel = "NAME", description = "The features of this feature service.")
    String featureService;
}
