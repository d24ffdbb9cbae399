package dev.granary.cli;

import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.cli.remote.ServerRepositoryBackend;
import dev.granary.config.GranaryConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every command on a feature repository shares: {@code --repo DIR} (default: the nearest folder
 * holding {@code granary.yaml} from the working directory up, like git finds its repository; else the working
 * directory) and {@code --config FILE} (default: the repository's {@code granary.yaml}).
 *
 * <p>{@link #backend} chooses, once per command, where its work is done: by the {@code granary serve} whose live
 * lock ({@code .granary/server.lock}) says it owns an embedded store the command uses, else in this process.
 */
final class RepoOptions {
    @Option(names = "--repo", paramLabel = "DIR",
            description = "The feature repository. Default: the nearest folder with granary.yaml from here up.")
    Path repo;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The configuration file. Default: granary.yaml in the repository; GRANARY_* variables override it.")
    Path config;

    /**
     * Where the command's work is done: the running server of this repository when one of {@code uses} is an
     * embedded store (the server holds it), else the stores opened here. The configuration is loaded here either
     * way (definitions are compiled by the CLI).
     */
    RepositoryBackend backend(Workspace workspace, RepositoryStore... uses) {
        GranaryConfig config = workspace.config();
        Optional<ServerLock> lock = ServerLock.read(config.repoDir());
        if (lock.isPresent() && Arrays.stream(uses).anyMatch(store -> store.embeddedIn(config))) {
            return new ServerRepositoryBackend(URI.create("http://localhost:" + lock.get().port()), lock.get().pid());
        }
        return new LocalRepositoryBackend(workspace);
    }

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
