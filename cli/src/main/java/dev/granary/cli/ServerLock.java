package dev.granary.cli;

import dev.granary.error.ConflictException;
import dev.granary.error.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The mark {@code granary serve} leaves in {@code .granary/server.lock} ("port pid") while it owns a
 * repository's embedded stores. Other commands read it to send their work to that server
 * ({@link RepoOptions#backend}); a lock whose process is gone is ignored, and the command opens the stores itself.
 */
record ServerLock(int port, long pid) {
    private static final Path FILE = Path.of(".granary", "server.lock");

    static Optional<ServerLock> read(Path repoDir) {
        Path file = repoDir.resolve(FILE);
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            ServerLock lock = new ServerLock(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            return ProcessHandle.of(lock.pid()).filter(ProcessHandle::isAlive).isPresent()
                    && lock.pid() != ProcessHandle.current().pid() ? Optional.of(lock) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes the lock for this process and removes it when the process exits. */
    static void hold(Path repoDir, int port) {
        Path file = repoDir.resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, port + " " + ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> file.toFile().delete()));
    }

    /**
     * Fails when another process serves this repository, whose embedded stores can have one owner only. Commands
     * that use a store the server owns are sent to it before they get here; this guards against a server that
     * started while the command ran, instead of a "database is locked" error.
     */
    static void requireNoServer(Path repoDir, String store) {
        read(repoDir).ifPresent(lock -> {
            throw new ServerRunning(lock, store, "run the command again: it is then sent to that server");
        });
    }

    static final class ServerRunning extends ConflictException {
        ServerRunning(ServerLock lock, String store, String fix) {
            super("SERVER_RUNNING", ExitCodes.FAILURE, null, "granary serve (pid " + lock.pid() + ") owns this "
                    + "repository's embedded " + store + " and serves it on http://localhost:" + lock.port()
                    + "; " + fix);
        }
    }
}
