package dev.granary.serving;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.client.lookup.OnlineLookup;
import dev.granary.metrics.GranaryMetrics;
import dev.granary.metrics.MetricsEndpoint;
import dev.granary.security.BrowserOrigins;
import dev.granary.security.ServingGate;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving port ({@code server.onlinePort}): Feast's endpoints ({@code POST /get-online-features}, {@code /push},
 * {@code /write-to-online-store}, {@code /materialize}, {@code /materialize-incremental}, {@code GET /health}) and
 * {@code GET /metrics} on a
 * Netty event-loop server, next to the main Tomcat port that answers them too.
 *
 * <p>Why a second server: on the main port each lookup crosses Tomcat's poller and worker threads and Spring MVC,
 * which on a small machine costs several times the lookup itself (measured with {@code ./bench online}). Here a
 * small lookup runs on the event-loop thread that read it, start to finish; large lookups and pushes go to a
 * worker pool so they never hold up the loop. Same service, same JSON, same error bodies as the main port.
 */
public final class OnlineHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineHttpServer.class);
    /** Largest request body accepted (a lookup of {@link OnlineLookup#MAX_ROWS} string keys fits easily). */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** How long {@link #close()} lets requests in flight finish (the main port's shutdown phase has as long). */
    static final Duration DRAIN = Duration.ofSeconds(20);
    /** A request that sends nothing for this long before it is complete is cut off (as on the main port). */
    static final Duration STALL = Duration.ofSeconds(10);

    private final EventLoopGroup acceptor;
    private final EventLoopGroup loops;
    private final ExecutorService workers;
    private final Channel channel;

    private OnlineHttpServer(EventLoopGroup acceptor, EventLoopGroup loops, ExecutorService workers, Channel channel) {
        this.acceptor = acceptor;
        this.loops = loops;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Binds {@code address:port} (port 0 picks a free one) and serves until {@link #close()}.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static OnlineHttpServer start(String address, int port, FeastEndpoints feast, ObjectMapper json) {
        return start(address, port, feast, json, MAX_BODY_BYTES, new BrowserOrigins(java.util.List.of()),
                ServingGate.OPEN, GranaryMetrics.quiet());
    }

    /** The routes of this port answered to {@code POST} ({@code GET /health} besides). */
    public static final java.util.List<String> ROUTES = java.util.List.of("/get-online-features", "/push",
            "/write-to-online-store", "/materialize", "/materialize-incremental");
    /** The routes of this port answered to {@code GET} (and {@code HEAD}). */
    public static final java.util.List<String> GET_ROUTES = java.util.List.of("/health", MetricsEndpoint.PATH);

    /**
     * As {@link #start(String, int, FeastEndpoints, ObjectMapper)}, refusing bodies over {@code maxBodyBytes} with
     * 413 ({@code limits.maxBodyBytes}), calls from foreign browser origins as {@code origins} says and calls without
     * the token and role {@code gate} requires; {@code GET /metrics} answers {@code metrics}.
     */
    public static OnlineHttpServer start(String address, int port, FeastEndpoints feast, ObjectMapper json,
                                         int maxBodyBytes, BrowserOrigins origins, ServingGate gate,
                                         GranaryMetrics metrics) {
        requireNonNull(metrics, "metrics is null");
        requireNonNull(origins, "origins is null");
        requireNonNull(gate, "gate is null");
        requireNonNull(feast, "feast is null");
        requireNonNull(json, "json is null");
        boolean epoll = Epoll.isAvailable();
        // two loops per core: a loop waits on Redis for each small lookup it runs, and another loop uses the core
        // meanwhile (measured with ./bench online)
        int threads = 2 * Math.max(1, Runtime.getRuntime().availableProcessors());
        EventLoopGroup acceptor = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        EventLoopGroup loops = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        // workers run lookups as the loops do, so they get the loops' priority (Netty gives its loops the highest);
        // it counts only where the JVM maps priorities to the OS (.mvn/jvm-flags.sh, docs/serving.md)
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(4, threads * 2), Thread.ofPlatform()
                .name("granary-online-worker-", 0).priority(Thread.MAX_PRIORITY).daemon(true).factory());
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        OnlineRequestHandler handler = new OnlineRequestHandler(feast, json, workers, origins, gate, metrics, maxBodyBytes);
        try {
            Channel channel = new ServerBootstrap()
                    .group(acceptor, loops)
                    .channel(type)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(),
                                    new IdleStateHandler((int) STALL.toSeconds(), 0, 0), new StalledRequestCloser(),
                                    new HttpObjectAggregator(maxBodyBytes) {
                                @Override
                                protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage message) {
                                    handler.tooLarge(ctx);
                                }
                            }, handler);
                        }
                    })
                    .bind(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port))
                    .syncUninterruptibly().channel();
            OnlineHttpServer server = new OnlineHttpServer(acceptor, loops, workers, channel);
            LOG.info("Feast API (/get-online-features, /push, /write-to-online-store, /materialize...) on port {} ({}, {} event loops)", server.port(),
                    epoll ? "epoll" : "nio", threads);
            return server;
        } catch (RuntimeException e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownNow();
            throw new IllegalStateException("Cannot serve the online API on port " + port + ": " + e.getMessage()
                    + "; set server.onlinePort to a free port", e);
        }
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops taking connections; requests on open connections are still answered until {@link #close()}. */
    public void stopAccepting() {
        channel.close().syncUninterruptibly();
    }

    /**
     * Stops taking connections, lets the requests in flight finish (at most {@link #DRAIN} in all), then closes
     * every connection. Worker requests finish first, since their answers are written through the event loops.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        stopAccepting();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Online port: requests still running after {}; closing their connections", DRAIN);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        long left = Math.max(0, deadline - System.nanoTime());
        loops.shutdownGracefully(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), left, TimeUnit.NANOSECONDS)
                .syncUninterruptibly();
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
