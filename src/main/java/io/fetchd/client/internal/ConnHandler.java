package io.fetchd.client.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * The tail of a client connection's pipeline: hands decoded HTTP objects to the connection's
 * current {@link Exchange}. A message that arrives while the connection is idle poisons it (a
 * server that sends bytes nobody asked for would corrupt the next response), so the connection is
 * closed. Owns every message it receives: passes it on to the exchange, which releases it, or
 * releases it itself.
 */
final class ConnHandler extends ChannelInboundHandlerAdapter {
  private final Conn conn;

  ConnHandler(Conn conn) {
    this.conn = conn;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Exchange ex = conn.current;
    if (ex == null || !(msg instanceof HttpObject)) {
      ReferenceCountUtil.release(msg);
      conn.pool.remove(conn);
      conn.closeNow();
      return;
    }
    ex.onMessage((HttpObject) msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Exchange ex = conn.current;
    if (ex != null) {
      ex.onReadComplete();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    conn.poisoned = true;
    conn.pool.remove(conn);
    Exchange ex = conn.current;
    if (ex != null) {
      ex.onInactive();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    io.fetchd.reactor.FatalErrors.check("channel handler (client connection)", cause);
    Exchange ex = conn.current;
    conn.pool.remove(conn);
    if (ex != null) {
      ex.onError(cause);
    }
    conn.closeNow();
  }
}
