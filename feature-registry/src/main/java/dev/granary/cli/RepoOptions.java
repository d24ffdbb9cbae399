package dev.granary.cli;

import dev.granary.config.GranaryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command on a feature repository shares: {@code --repo DIR} (default: the nearest folder
 * holding {@code granary.yaml} from the working directory up, like git finds its repository; else the working
 * directory) and {@code --config FILE} (default: the repository's {@code granary.yaml}).
 */
final class RepoOptions {
    @Option(names = "--repo", paramLabel = "DIR",
            description = "The feature repository. Default: the nearest folder with granary.yaml from here up.")
    Path repo;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The configuration file. Default: granary.yaml in the repository; GRANARY_* variables override it.")
    Path config;

    Workspace open() {
        Path dir = repo != null ? repo : nearestRepository(Path.of("").toAbsolutePath());
        if (!Files.isDirectory(dir)) {
            throw new DefinitionException("--repo " + dir + " is not a folder; give the folder holding granary.yaml");
        }
        Path absolute = dir.toAbsolutePath().normalize();
        return Workspace.open(config == null ? GranaryConfig.load(absolute) : GranaryConfig.load(absolute, config));
    }

    private static Path nearestRepository(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(GranaryConfig.FILE_NAME))) {
                return dir;
            }
        }
        return start;
    }
}
