package dev.granary.bench.soak;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the benchmark's own on a free loopback port (no persistence), which it can pause
 * ({@code SIGSTOP}: the process holds its connections but answers nothing, as a Redis stuck in a long command or a
 * frozen VM would) and resume ({@code SIGCONT}). The machine's shared Redis is never touched.
 */
final class PrivateRedis implements AutoCloseable {
    private final Process process;
    private final int port;

    private PrivateRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static PrivateRedis start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new PrivateRedis(process, port);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("redis-server did not start on port " + port + "; see "
                            + dir.resolve("redis.log"));
                }
                Thread.sleep(50);
            }
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String which) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", which, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill " + which + " " + process.pid() + " failed with " + exit);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            signal("-CONT");
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
