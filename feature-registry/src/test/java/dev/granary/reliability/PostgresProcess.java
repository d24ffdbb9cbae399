package dev.granary.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster ({@code initdb} in a temporary folder, trust authentication, a free loopback port),
 * run as the {@code postgres} OS user (PostgreSQL refuses to run as root) through {@code runuser}, that a test
 * stops, pauses ({@code SIGSTOP}), resumes and restarts. The binaries are found under
 * {@code /usr/lib/postgresql/<version>/bin}.
 */
final class PostgresProcess implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private Process process;

    private PostgresProcess(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Whether the binaries and the {@code postgres} user are there. */
    static boolean available() {
        return binaries() != null && run(List.of("id", "-u", "postgres")) == 0;
    }

    static PostgresProcess start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "granary-pg-");
        if (run(List.of("chown", "postgres", dir.toString())) != 0) {
            throw new IllegalStateException("cannot give " + dir + " to the postgres user");
        }
        Path data = dir.resolve("data");
        int initdb = run(asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U",
                "postgres", "--no-sync"));
        if (initdb != 0) {
            throw new IllegalStateException("initdb failed in " + data);
        }
        PostgresProcess postgres = new PostgresProcess(bin, dir, RedisProcess.freePort());
        postgres.restart();
        return postgres;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Starts it (again, after {@link #stop}) on the same port and data. */
    void restart() throws IOException, InterruptedException {
        process = new ProcessBuilder(asPostgres(bin.resolve("postgres").toString(), "-D",
                dir.resolve("data").toString(), "-p", Integer.toString(port), "-k", dir.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("postgres.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("postgres did not start; see " + dir.resolve("postgres.log"));
            }
            Thread.sleep(50);
        }
        Thread.sleep(300); // the port opens a moment before connections are served
    }

    /** Stops it at once ({@code SIGKILL} of the whole process group under runuser): connections drop. */
    void stop() throws IOException, InterruptedException {
        signalAll("KILL");
        process.waitFor(20, TimeUnit.SECONDS);
        // the postmaster's children may linger a moment; the port must be free before a restart
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (accepts() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    void pause() throws IOException, InterruptedException {
        signalAll("STOP");
    }

    void resume() throws IOException, InterruptedException {
        signalAll("CONT");
    }

    private void signalAll(String signal) throws IOException, InterruptedException {
        List<String> pids = new ArrayList<>();
        process.descendants().forEach(p -> pids.add(Long.toString(p.pid())));
        pids.add(Long.toString(process.pid()));
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        command.addAll(pids);
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            resume();
            stop();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static List<String> asPostgres(String... command) {
        List<String> line = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        line.addAll(List.of(command));
        return line;
    }

    private static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.naturalOrder()).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int run(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
