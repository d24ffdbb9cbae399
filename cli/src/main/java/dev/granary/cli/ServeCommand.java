package dev.granary.cli;

import dev.granary.config.GranaryConfig;
import dev.granary.server.GranaryServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the registry service: REST API, online API and web UI (default port 6566).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Option(names = "--port", description = "The HTTP port (default: server.port of granary.yaml, 6566).")
    Integer port;
    @Option(names = "--online-port", description = "Also answer /get-online-features and /push on this port with"
            + " the event-loop server built for serving (default: server.onlinePort of granary.yaml, off).")
    Integer onlinePort;

    @Override
    public Integer call() throws InterruptedException {
        GranaryConfig config;
        try (Workspace workspace = repo.open()) {
            config = workspace.config();
        }
        if (port != null || onlinePort != null) {
            config = config.withServer(config.server().withPorts(port != null ? port : config.server().port(),
                    onlinePort != null ? java.util.OptionalInt.of(onlinePort) : config.server().onlinePort()));
        }
        ServerLock.read(config.repoDir()).ifPresent(lock -> {
            throw new ServerLock.ServerRunning(lock, "stores", "other commands on this repository go through it;"
                    + " stop it first to serve the repository from here");
        });
        var context = GranaryServer.start(config);
        int actualPort = Integer.parseInt(context.getEnvironment().getProperty("local.server.port",
                String.valueOf(config.server().port())));
        ServerLock.hold(config.repoDir(), actualPort);
        Thread.currentThread().join();
        return 0;
    }
}
