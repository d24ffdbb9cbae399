package dev.granary.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.error.BadRequestException;
import dev.granary.error.FailureLog;
import dev.granary.error.GranaryException;
import dev.granary.metrics.GranaryMetrics;
import dev.granary.metrics.MetricsEndpoint;
import dev.granary.security.BrowserOrigins;
import dev.granary.security.Caller;
import dev.granary.security.RequestRefusedException;
import dev.granary.security.ServingGate;
import dev.granary.server.system.ErrorBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one HTTP request of the serving port: routes, checks method and content type (none is read as JSON), reads
 * the body and calls the service through {@link FeastEndpoints} and writes Feast's JSON, or Feast's error shape with
 * the status of the error (as {@code ServingController} does on the main port). Lookups of at most
 * {@value #INLINE_ROWS} entity rows run on the event loop; larger ones, pushes, writes and materializations run on
 * the worker pool. {@code GET /health} answers that the process is up, {@code GET /metrics} with every metric.
 */
@ChannelHandler.Sharable
final class OnlineRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineRequestHandler.class);
    static final int INLINE_ROWS = 64;
    private static final CharSequence JSON_TYPE = HttpHeaderValues.APPLICATION_JSON;
    private static final String LOOKUP = "/get-online-features";
    private static final String PUSH = "/push";
    private static final String WRITE = "/write-to-online-store";
    private static final String MATERIALIZE = "/materialize";
    private static final String MATERIALIZE_INCREMENTAL = "/materialize-incremental";
    private static final String HEALTH = "/health";
    private static final java.util.Set<String> POSTS = java.util.Set.of(LOOKUP, PUSH, WRITE, MATERIALIZE,
            MATERIALIZE_INCREMENTAL);
    /** Requests read while one of the connection's requests runs on a worker; touched on the event loop only. */
    private static final AttributeKey<ArrayDeque<FullHttpRequest>> WAITING = AttributeKey.valueOf("granary.waiting");

    private final FeastEndpoints feast;
    private final ObjectMapper json;
    private final ExecutorService workers;
    private final BrowserOrigins origins;
    private final ServingGate gate;
    private final GranaryMetrics metrics;
    private final int maxBodyBytes;

    OnlineRequestHandler(FeastEndpoints feast, ObjectMapper json, ExecutorService workers, BrowserOrigins origins,
                         ServingGate gate, GranaryMetrics metrics, int maxBodyBytes) {
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.feast = feast;
        this.gate = gate;
        this.json = json;
        this.workers = workers;
        this.origins = origins;
    }

    /** Renders a response body; may throw a {@link GranaryException} before rendering anything. */
    @FunctionalInterface
    private interface Body {
        ByteBuf render(ByteBufAllocator alloc) throws IOException;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        ArrayDeque<FullHttpRequest> waiting = ctx.channel().attr(WAITING).get();
        if (waiting != null) {
            // answers must leave in request order: this one waits for the one on the worker
            waiting.add(request.retain());
            return;
        }
        handle(ctx, request);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ArrayDeque<FullHttpRequest> waiting = ctx.channel().attr(WAITING).getAndSet(null);
        if (waiting != null) {
            waiting.forEach(FullHttpRequest::release);
        }
        super.channelInactive(ctx);
    }

    /** After a worker answered: handles the requests that arrived meanwhile until one goes to a worker again. */
    private void resume(ChannelHandlerContext ctx) {
        ArrayDeque<FullHttpRequest> waiting = ctx.channel().attr(WAITING).getAndSet(null);
        while (waiting != null && !waiting.isEmpty()) {
            FullHttpRequest next = waiting.poll();
            try {
                handle(ctx, next);
            } finally {
                next.release();
            }
            ArrayDeque<FullHttpRequest> busy = ctx.channel().attr(WAITING).get();
            if (busy != null) {
                busy.addAll(waiting);
                return;
            }
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        try {
            route(ctx, request, keepAlive);
        } catch (RequestRefusedException e) {
            int query = request.uri().indexOf('?');
            gate.denied(request.method().equals(HttpMethod.POST) ? "POST" : "GET",
                    query < 0 ? request.uri() : request.uri().substring(0, query), e);
            respond(ctx, keepAlive, e);
        } catch (RuntimeException | IOException e) {
            respond(ctx, keepAlive, e);
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) throws IOException {
        if (request.decoderResult().isFailure()) {
            throw new BadRequestException("request", "The request is not valid HTTP/1.1: "
                    + request.decoderResult().cause().getMessage());
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (path.equals(HEALTH)) {
            if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                respond(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, new ErrorBody("METHOD_NOT_ALLOWED",
                        "Method " + request.method() + " is not allowed here; use [GET]", null, null));
                return;
            }
            respond(ctx, keepAlive, HttpResponseStatus.OK, jsonBody(java.util.Map.of("status", "UP")));
            return;
        }
        if (path.equals(MetricsEndpoint.PATH)) {
            metrics(ctx, request, keepAlive);
            return;
        }
        if (!POSTS.contains(path)) {
            respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, new ErrorBody("NOT_FOUND", "No such endpoint on"
                    + " the online port; it answers POST " + POSTS + " and GET " + OnlineHttpServer.GET_ROUTES
                    + " (the rest of the API is on server.port)", null, null));
            return;
        }
        if (!request.method().equals(HttpMethod.POST)) {
            respond(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, new ErrorBody("METHOD_NOT_ALLOWED",
                    "Method " + request.method() + " is not allowed here; use [POST]", null, null));
            return;
        }
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        origins.check(request.method().name(), request.headers().get(HttpHeaderNames.ORIGIN),
                request.headers().get(HttpHeaderNames.HOST), type, request.content().isReadable());
        UnsupportedBodyTypeException.check(type);
        Caller caller = gate.admit(path, request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (!path.equals(LOOKUP)) {
            other(ctx, request, keepAlive, path, query < 0 ? "" : uri.substring(query + 1), caller);
            return;
        }
        OnlineQuery lookup;
        try (ByteBufInputStream in = new ByteBufInputStream(request.content())) {
            lookup = feast.lookupQuery(in);
        }
        if (rows(lookup) <= INLINE_ROWS) {
            FeastResponse answer = feast.lookup(lookup, caller);
            respond(ctx, keepAlive, HttpResponseStatus.OK, answerBody(answer));
        } else {
            offload(ctx, keepAlive, HttpResponseStatus.OK,
                    audited(path, () -> answerBody(feast.lookup(lookup, caller))));
        }
    }

    /** {@code GET /metrics}: Prometheus' text, written on a worker (a scrape formats every meter). */
    private void metrics(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            respond(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, new ErrorBody("METHOD_NOT_ALLOWED",
                    "Method " + request.method() + " is not allowed here; use [GET]", null, null));
            return;
        }
        MetricsEndpoint.admit(gate.admit("GET", MetricsEndpoint.PATH,
                request.headers().get(HttpHeaderNames.AUTHORIZATION)));
        offload(ctx, keepAlive, HttpResponseStatus.OK, () -> alloc -> {
            ByteBuf content = alloc.buffer();
            try (OutputStream out = new ByteBufOutputStream(content)) {
                metrics.scrape(out);
            } catch (IOException | RuntimeException e) {
                content.release();
                throw e;
            }
            return content;
        }, GranaryMetrics.CONTENT_TYPE);
    }

    /** A push, write or materialization: read here, run on a worker. */
    private void other(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, String path,
                       String query, Caller caller) throws IOException {
        try (ByteBufInputStream in = new ByteBufInputStream(request.content())) {
            switch (path) {
                case PUSH -> {
                    PushRequest pushed = feast.pushRequest(in);
                    offload(ctx, keepAlive, HttpResponseStatus.OK,
                            audited(path, () -> jsonBody(feast.push(pushed, caller))));
                }
                case WRITE -> {
                    PushRequest written = feast.writeRequest(in);
                    offload(ctx, keepAlive, HttpResponseStatus.OK,
                            audited(path, () -> jsonBody(feast.push(written, caller))));
                }
                default -> {
                    var job = feast.materializeRequest(in, path.equals(MATERIALIZE_INCREMENTAL));
                    if (java.util.Arrays.asList(query.split("&")).contains("async=true")) {
                        offload(ctx, keepAlive, HttpResponseStatus.ACCEPTED,
                            audited(path, () -> jsonBody(feast.submit(job, caller))));
                    } else {
                        offload(ctx, keepAlive, HttpResponseStatus.OK,
                            audited(path, () -> jsonBody(feast.materialize(job, caller))));
                    }
                }
            }
        }
    }

    /** {@code work}, recording a refusal in the audit log before it is answered (on a worker). */
    private java.util.function.Supplier<Body> audited(String path, java.util.function.Supplier<Body> work) {
        return () -> {
            try {
                return work.get();
            } catch (RequestRefusedException e) {
                gate.denied(path, e);
                throw e;
            }
        };
    }

    /**
     * Runs {@code work} on the worker pool and answers from there (Netty writes are safe from any thread). The
     * connection reads nothing more until then, so a client that pipelines gets its answers in order.
     */
    private void offload(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status,
                         java.util.function.Supplier<Body> work) {
        offload(ctx, keepAlive, status, work, JSON_TYPE);
    }

    private void offload(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status,
                         java.util.function.Supplier<Body> work, CharSequence contentType) {
        ctx.channel().attr(WAITING).set(new ArrayDeque<>());
        ctx.channel().config().setAutoRead(false);
        try {
            workers.execute(() -> {
                try {
                    respond(ctx, keepAlive, status, work.get(), contentType);
                } catch (RuntimeException e) {
                    respond(ctx, keepAlive, e);
                } finally {
                    ctx.executor().execute(() -> {
                        ctx.channel().config().setAutoRead(true);
                        resume(ctx);
                    });
                }
            });
        } catch (RejectedExecutionException e) {
            ctx.channel().config().setAutoRead(true);
            respond(ctx, false, new dev.granary.error.StorageException("The server is shutting down", e));
            resume(ctx);
        }
    }

    /** The answer rendered once, then copied into a buffer of its exact size (no growing and re-copying). */
    private static Body answerBody(FeastResponse answer) {
        return alloc -> {
            JsonBytes rendered = answer.render();
            ByteBuf content = alloc.buffer(rendered.size());
            rendered.writeTo(content);
            return content;
        };
    }

    private Body jsonBody(Object value) {
        return alloc -> {
            ByteBuf content = alloc.buffer();
            try (OutputStream out = new ByteBufOutputStream(content)) {
                json.writeValue(out, value);
            } catch (IOException | RuntimeException e) {
                content.release();
                throw e;
            }
            return content;
        };
    }


    private static int rows(OnlineQuery query) {
        for (List<Object> column : query.entities().values()) {
            return column == null ? 0 : column.size();
        }
        return 0;
    }

    private void respond(ChannelHandlerContext ctx, boolean keepAlive, Throwable error) {
        if (error instanceof RequestRefusedException e) {
            // a refusal has the same body on both ports (the main port's RefusalAdvice), whatever the endpoint
            respond(ctx, keepAlive, HttpResponseStatus.valueOf(e.httpStatus()), ErrorBody.of(e));
        } else if (error instanceof GranaryException e) {
            FailureLog.failed(e);
            // every endpoint that raises one is Feast-shaped: Feast's error body, which its client maps back
            var feastError = FeastEndpoints.error(e);
            byte[] body = feastError.body();
            respond(ctx, keepAlive, HttpResponseStatus.valueOf(feastError.status()),
                    alloc -> alloc.buffer(body.length).writeBytes(body));
        } else {
            LOG.error("Unexpected error while handling a request on the online port", error);
            respond(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, ErrorBody.internalError());
        }
    }

    private void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, ErrorBody body) {
        respond(ctx, keepAlive, status, jsonBody(body));
    }

    private void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, Body body) {
        respond(ctx, keepAlive, status, body, JSON_TYPE);
    }

    private void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, Body body,
                         CharSequence contentType) {
        ByteBuf content;
        try {
            content = body.render(ctx.alloc());
        } catch (IOException | RuntimeException e) {
            if (status == HttpResponseStatus.INTERNAL_SERVER_ERROR) {
                ctx.close();
                return;
            }
            respond(ctx, keepAlive, e instanceof GranaryException ? e : new IllegalStateException(e));
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, content.readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A body over {@code limits.maxBodyBytes} (declared or chunked): a JSON 413, then the connection closes. */
    void tooLarge(ChannelHandlerContext ctx) {
        respond(ctx, false, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, new ErrorBody("PAYLOAD_TOO_LARGE",
                "The request body is over " + maxBodyBytes + " bytes; the most is limits.maxBodyBytes = "
                        + maxBodyBytes + ": split larger lookups and pushes", "body", null));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset connection or a broken client: nothing to answer, drop the connection
        LOG.debug("Online port connection failed: {}", cause.toString());
        ctx.close();
    }
}
