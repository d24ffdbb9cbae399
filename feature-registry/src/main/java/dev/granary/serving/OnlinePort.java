package dev.granary.serving;

import java.util.OptionalInt;

/**
 * The serving port of {@code granary serve}: an {@link OnlineHttpServer} when {@code server.onlinePort} is set,
 * else nothing. Closed with the application.
 */
public final class OnlinePort implements AutoCloseable {
    private final OnlineHttpServer server;

    OnlinePort(OnlineHttpServer server) {
        this.server = server;
    }

    /** The bound port, empty when {@code server.onlinePort} is not set. */
    public OptionalInt port() {
        return server == null ? OptionalInt.empty() : OptionalInt.of(server.port());
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
