package io.fetchd.testing.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One request being answered by a {@link Behaviour}: the request head plus the raw write and close
 * operations a behaviour may use. Nothing here frames HTTP, so behaviours can send any bytes.
 *
 * <p>A behaviour ends the exchange in exactly one way: {@link #complete()} (keep-alive; the next
 * request on the connection is served), {@link #close()} (FIN), {@link #reset()} (RST), or not at
 * all (the connection stalls). Event loop only: scheduled work must use {@link #schedule}.
 */
public final class Exchange {

    private final ConnectionHandler connection;
    private final ChannelHandlerContext ctx;
    private final RecordedRequest request;

    Exchange(ConnectionHandler connection, ChannelHandlerContext ctx, RecordedRequest request) {
        this.connection = connection;
        this.ctx = ctx;
        this.request = request;
    }

    public RecordedRequest request() {
        return request;
    }

    public Channel channel() {
        return ctx.channel();
    }

    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    public boolean isOpen() {
        return ctx.channel().isActive();
    }

    /**
     * Writes and flushes {@code bytes}, taking ownership of the buffer (it is released even if the
     * write fails). A failed write closes the connection.
     */
    public ChannelFuture write(ByteBuf bytes) {
        assertInLoop();
        return ctx.writeAndFlush(bytes).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    /** Copies {@code bytes} into a pooled buffer and writes it as {@link #write(ByteBuf)} does. */
    public ChannelFuture write(byte[] bytes) {
        ByteBuf buf = ctx.alloc().buffer(bytes.length);
        buf.writeBytes(bytes);
        return write(buf);
    }

    /** The response is fully written: keep the connection and serve its next request. */
    public void complete() {
        assertInLoop();
        connection.completed(this);
    }

    /** Closes the connection cleanly (FIN) after anything already written. */
    public void close() {
        assertInLoop();
        ctx.close();
    }

    /** Aborts the connection with SO_LINGER 0, so the peer sees RST rather than FIN. */
    public void reset() {
        assertInLoop();
        if (ctx.channel().isActive()) {
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        }
        ctx.close();
    }

    /** Runs {@code task} on the loop as soon as the channel is writable (now, if it already is). */
    public void whenWritable(Runnable task) {
        assertInLoop();
        connection.whenWritable(task);
    }

    /**
     * Closes the connection silently (FIN, no response) once it has had no new request for
     * {@code idle}. A request arriving first cancels the close.
     */
    public void closeWhenIdleFor(Duration idle) {
        assertInLoop();
        connection.closeWhenIdleFor(idle);
    }

    /** Runs {@code task} on this connection's event loop after {@code delay}. */
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return ctx.executor().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void assertInLoop() {
        if (!ctx.executor().inEventLoop()) {
            throw new IllegalStateException("Exchange is confined to its event loop; use schedule()");
        }
    }
}
