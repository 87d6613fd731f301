package io.fetchd.api.http;

import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Scheduler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;

/**
 * Closes a connection the way nginx's lingering close does, after an error sent before the request
 * body was read (413, 400, 408, 503...): once the response is flushed, the output is half-closed
 * (the client sees the response and then EOF), and whatever the client still sends is read and
 * dropped for at most {@link #TIME} and {@link #BYTES}, then the connection is closed. Closing at
 * once with the body unread would make the kernel answer with RST, and a client that writes its
 * whole body before reading (Python's {@code http.client}, many SDKs) would get {@code
 * ECONNRESET} instead of the error.
 *
 * <p>It sits before the codec, so once lingering begins no byte reaches the HTTP decoder. The
 * bytes are dropped as they are read: lingering holds no memory, and the byte bound only limits the
 * bandwidth and CPU a rejected client can still use.
 *
 * <p>Buffer ownership: while lingering, every inbound message is released here; otherwise all
 * pass on. Thread rule: the connection's event loop.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {
  /** The longest a refused connection lingers: 2 s. */
  static final Duration TIME = Duration.ofSeconds(2);

  /**
   * The most a refused connection may still send: 8 MiB, enough for an SDK that uploads a body of
   * several times {@code maxRequestBodyBytes} before it reads, and about 10 ms of loop time.
   */
  static final long BYTES = 8L * 1024 * 1024;

  private final Scheduler clock;
  private ChannelHandlerContext ctx;
  private boolean lingering;
  private long discarded;
  private DelayedCall deadline;

  LingeringClose(Scheduler clock) {
    this.clock = clock;
  }

  /**
   * Lingers on {@code ch} once {@code written} (the error response) completes; closes at once if
   * the write failed or the channel has no lingering handler.
   */
  static void closeAfter(Channel ch, ChannelFuture written) {
    LingeringClose handler = ch.pipeline().get(LingeringClose.class);
    written.addListener(f -> {
      if (!f.isSuccess() || handler == null || !(ch instanceof DuplexChannel)) {
        ch.close();
      } else {
        handler.begin();
      }
    });
  }

  /** Bytes dropped while lingering (for tests). */
  long discarded() {
    return discarded;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  private void begin() {
    Channel ch = ctx.channel();
    if (lingering || !ch.isActive()) {
      return;
    }
    lingering = true;
    deadline = clock.callLater(TIME, ch::close);
    ((DuplexChannel) ch).shutdownOutput().addListener(f -> {
      if (!f.isSuccess()) {
        ch.close();
      }
    });
    ch.config().setAutoRead(true);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!lingering) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (msg instanceof io.netty.buffer.ByteBuf b) {
      discarded += b.readableBytes();
    }
    ReferenceCountUtil.release(msg);
    if (discarded > BYTES) {
      ctx.close();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!lingering) {
      ctx.fireChannelReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (deadline != null && deadline.isActive()) {
      deadline.cancel();
    }
    super.channelInactive(ctx);
  }
}
