package io.fetchd.testing.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One accepted connection of a {@link HostileHttpServer}: queues decoded request heads and hands
 * them to their route's {@link Behaviour} one at a time, so pipelined and keep-alive requests are
 * answered in order. Also keeps the connection's writability waiter and idle-close timer.
 * Event loop only.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private final HostileHttpServer server;
    private final ArrayDeque<RecordedRequest> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Exchange current;
    private Runnable writabilityWaiter;
    private ScheduledFuture<?> idleClose;

    ConnectionHandler(HostileHttpServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        server.connectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.connectionClosed();
        cancelIdleClose();
        pending.clear();
        writabilityWaiter = null;
        current = null;
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RecordedRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        server.requestReceived(request);
        cancelIdleClose();
        pending.add(request);
        if (current == null) {
            serveNext();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Runnable waiter = writabilityWaiter;
        if (waiter != null && ctx.channel().isWritable()) {
            writabilityWaiter = null;
            waiter.run();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Peers that reset or vanish are the point of this server; the connection just ends.
        ctx.close();
    }

    private void serveNext() {
        RecordedRequest request = pending.poll();
        if (request == null || !ctx.channel().isActive()) {
            return;
        }
        cancelIdleClose();
        Exchange exchange = new Exchange(this, ctx, request);
        current = exchange;
        try {
            server.behaviourFor(request.path()).respond(exchange);
        } catch (RuntimeException | Error e) {
            server.behaviourFailed(e);
            ctx.close();
        }
    }

    /** Called by {@link Exchange#complete()}: the response is fully written; serve the next request. */
    void completed(Exchange exchange) {
        if (exchange != current) {
            return;
        }
        current = null;
        if (exchange.request().wantsClose()) {
            ctx.close();
            return;
        }
        // Not a direct call: a synchronous write completion must not nest one exchange in another.
        ctx.executor().execute(this::serveNext);
    }

    void whenWritable(Runnable task) {
        if (ctx.channel().isWritable()) {
            ctx.executor().execute(task);
        } else {
            writabilityWaiter = task;
        }
    }

    void closeWhenIdleFor(Duration idle) {
        cancelIdleClose();
        idleClose = ctx.executor().schedule(() -> {
            ctx.close();
        }, idle.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelIdleClose() {
        if (idleClose != null) {
            idleClose.cancel(false);
            idleClose = null;
        }
    }
}
