package dev.granary.serving;

import java.util.OptionalInt;

/**
 * The serving port of {@code granary serve}: an {@link OnlineHttpServer} when {@code server.onlinePort} is set,
 * else nothing. On shutdown it stops taking connections as soon as the context starts closing, and finishes the
 * requests in flight when closed (bounded).
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

    /** Stops taking connections (on shutdown, while the main port drains); open ones are answered until closed. */
    public void stopAccepting() {
        if (server != null) {
            server.stopAccepting();
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
