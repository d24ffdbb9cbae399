package dev.granary.serving;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes a connection on the serving port whose request stalls half-read (a slowloris client) for longer than the
 * {@code IdleStateHandler} in front of it allows; idle keep-alive connections between requests are left open.
 * One instance per connection, on its event loop.
 */
final class StalledRequestCloser extends ChannelInboundHandlerAdapter {
    private boolean inRequest;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            inRequest = true;
        }
        if (msg instanceof LastHttpContent) {
            inRequest = false;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent && inRequest) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }
}
