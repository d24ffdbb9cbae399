package dev.granary.reliability;

import dev.granary.server.GranaryServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@code granary serve} of a repository as a child JVM ({@link GranaryServer#main}), started and signalled by a test. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the server of {@code repo} on {@code port} and waits until {@code /health} answers. */
    static ServerProcess start(Path repo, int port) throws IOException, InterruptedException {
        Path log = repo.resolve("server-" + port + ".log");
        Process process = ChildJvm.startLogged(java.util.List.of("-D" + GranaryServer.REPO_PROPERTY + "=" + repo),
                GranaryServer.class.getName(), log);
        ServerProcess server = new ServerProcess(process, log, port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("the server did not start; its log:\n" + server.log());
            }
            Thread.sleep(100);
        }
    }

    Process process() {
        return process;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** {@code SIGTERM}, as a service manager stops it. */
    void terminate() {
        process.destroy();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
