package dev.granary.cli;

import dev.granary.export.TrainingSets;
import dev.granary.flight.TrainingSetFlightServer;
import dev.granary.security.Authenticator;
import dev.granary.security.ErrorRedaction;
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
    @Option(names = "--flight-port", description = "Also serve training sets over Arrow Flight on this port"
            + " (default: server.flightPort of granary.yaml, off).")
    Integer flightPort;

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
        if (flightPort != null) {
            config = config.withServer(config.server().withFlightPort(java.util.OptionalInt.of(flightPort)));
        }
        ServerLock.read(config.repoDir()).ifPresent(lock -> {
            throw new ServerLock.ServerRunning(lock, "stores", "other commands on this repository go through it;"
                    + " stop it first to serve the repository from here");
        });
        var context = GranaryServer.start(config);
        int actualPort = Integer.parseInt(context.getEnvironment().getProperty("local.server.port",
                String.valueOf(config.server().port())));
        if (config.server().flightPort().isPresent()) {
            // closed with the JVM: the server's threads are daemons and its uploads live in a temporary folder
            TrainingSetFlightServer flight = TrainingSetFlightServer.start("0.0.0.0",
                    config.server().flightPort().getAsInt(), context.getBean(TrainingSets.class),
                    context.getBean(Authenticator.class), context.getBean(ErrorRedaction.class));
            System.err.println("Arrow Flight: training sets on port " + flight.port());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    flight.close();
                } catch (Exception ignored) {
                    // the JVM is ending; nothing is left to release
                }
            }, "granary-flight-stop"));
        }
        ServerLock.hold(config.repoDir(), actualPort);
        Thread.currentThread().join();
        return 0;
    }
}
