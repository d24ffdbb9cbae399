package dev.granary.bench.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code ./granary} as a user does: a whole process through the launcher, timed from launch to exit (or to a
 * first answer of {@code /ready}). Output goes to files in {@code logs}, shown when a run fails. When
 * {@code /usr/bin/time} is there, each run's CPU time (user + system) is kept too: on a busy machine the wall time
 * mostly measures the wait for a core.
 */
final class Launches {
    private static final Path TIME = Path.of("/usr/bin/time");

    /** Wall and CPU seconds of one process (CPU NaN when unknown). */
    record Timed(double wallSeconds, double cpuSeconds) {
    }

    private final Path granary;
    private final Path logs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int runs;

    Launches(Path granary, Path logs) {
        this.granary = granary;
        this.logs = logs;
    }

    /** Runs {@code granary ARGS} in {@code dir} to its end; it must exit 0. */
    Timed run(Path dir, String... args) throws IOException, InterruptedException {
        int n = ++runs;
        Path cpu = logs.resolve(n + ".cpu");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(TIME)) {
            command.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", cpu.toString()));
        }
        command.add(granary.toString());
        command.addAll(List.of(args));
        long start = System.nanoTime();
        Process process = start(dir, command, n);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("granary " + String.join(" ", args) + " did not finish");
        }
        double wall = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0) {
            throw failed(n, "granary " + String.join(" ", args) + " exited with " + process.exitValue());
        }
        return new Timed(wall, cpuSeconds(cpu));
    }

    /** A running {@code granary serve} and how long it took to answer {@code /ready}. */
    record Server(Process process, int port, double readySeconds) {
    }

    /**
     * Starts {@code granary serve} in {@code dir} on a free port and waits until {@code /ready} answers 200. Every
     * 10 ms it tries a plain connection to the port and asks {@code /ready} once the port accepts one: a refused
     * attempt of the JDK's HTTP client costs far more CPU than a refused connect, and on two cores that CPU is
     * taken from the server being timed (docs/benchmarks.md, "cli").
     */
    Server serve(Path dir) throws IOException, InterruptedException {
        int n = ++runs;
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();
        Process process = start(dir, List.of(granary.toString(), "serve", "--port", String.valueOf(port)), n);
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!process.isAlive()) {
                throw failed(n, "granary serve exited with " + process.exitValue() + " before /ready answered");
            }
            try {
                if (accepts(port) && http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new Server(process, port, (System.nanoTime() - start) / 1e9);
                }
            } catch (IOException notYet) {
                // not answering yet
            }
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                process.destroyForcibly();
                throw failed(n, "granary serve did not answer /ready within 5 minutes");
            }
            Thread.sleep(10);
        }
    }

    /** Whether {@code port} on 127.0.0.1, where {@code /ready} is asked, accepts a connection (closed at once). */
    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** Stops a server as Ctrl-C does (SIGTERM) and waits for it to exit, releasing the repository's lock. */
    static void stop(Server server) throws InterruptedException {
        server.process().destroy();
        if (!server.process().waitFor(1, TimeUnit.MINUTES)) {
            server.process().destroyForcibly().waitFor();
        }
    }

    /**
     * Waits until no class archive is being assembled in the background ({@code cli/target/cds/*.lock}, see
     * {@code .mvn/class-archive.sh}), so that no timed run shares the cores with an assembly.
     */
    void awaitClassArchives() throws IOException, InterruptedException {
        Path archives = granary.toAbsolutePath().getParent().resolve("cli/target/cds");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (Files.isDirectory(archives)) {
            try (Stream<Path> files = Files.list(archives)) {
                if (files.noneMatch(f -> f.getFileName().toString().endsWith(".lock"))) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("class archives still being assembled after 3 minutes: " + archives);
            }
            Thread.sleep(100);
        }
    }

    /** {@code POST body} to {@code path} of a running server; it must answer 200. */
    String post(Server server, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The resident memory of a process in MiB (Linux: VmRSS of /proc/PID/status). */
    static double residentMib(Process process) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + process.pid());
    }

    private Process start(Path dir, List<String> command, int n) throws IOException {
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(logs.resolve(n + ".out").toFile())
                .redirectError(logs.resolve(n + ".err").toFile())
                .start();
    }

    private IllegalStateException failed(int n, String what) throws IOException {
        return new IllegalStateException(what + "\n--- stdout\n" + Files.readString(logs.resolve(n + ".out"))
                + "\n--- stderr\n" + Files.readString(logs.resolve(n + ".err")));
    }

    private static double cpuSeconds(Path file) {
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            return Double.parseDouble(parts[parts.length - 2]) + Double.parseDouble(parts[parts.length - 1]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
