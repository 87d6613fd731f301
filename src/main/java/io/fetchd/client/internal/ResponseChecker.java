package io.fetchd.client.internal;

import io.fetchd.client.ProtocolErrorException;
import io.fetchd.http1.Http1Checker;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits between the {@link ByteMarker} and the HTTP decoder and holds every response byte to the
 * strict rules of {@link Http1Checker} before Netty's (more lenient) decoder reads it. A byte that
 * breaks a rule ends the current exchange as a {@code ProtocolError} naming the rule; the
 * connection is closed, never pooled, and nothing more from it is decoded.
 *
 * <p>Buffer ownership: passes checked buffers on; releases the one that broke a rule and
 * everything after it. Reactor thread only.
 */
final class ResponseChecker extends ChannelInboundHandlerAdapter {
  private final Conn conn;
  private final Http1Checker checker;

  ResponseChecker(Conn conn) {
    this.conn = conn;
    this.checker =
        new Http1Checker(Http1Checker.Side.RESPONSES, () -> conn.current != null && conn.current.isHead());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (checker.failed()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (scan(buf)) {
      ctx.fireChannelRead(buf);
      return;
    }
    buf.release();
    ProtocolErrorException e = new ProtocolErrorException("malformed response: " + checker.error());
    Exchange ex = conn.current;
    conn.pool.remove(conn);
    if (ex != null) {
      ex.abort(e);
    } else {
      conn.closeNow();
    }
  }

  /** Checks every readable byte of {@code buf}; false when one broke a rule. */
  private boolean scan(ByteBuf buf) {
    int i = buf.readerIndex();
    int end = buf.writerIndex();
    while (i < end) {
      long skip = checker.skippable();
      if (skip > 0) {
        int n = (int) Math.min(skip, end - i);
        checker.skip(n);
        i += n;
        continue;
      }
      int stop = buf.forEachByte(i, end - i, checker::accept);
      if (stop < 0) {
        return true;
      }
      if (checker.failed()) {
        return false;
      }
      i = stop + 1;
    }
    return true;
  }
}
