package io.fetchd.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits before the HTTP decoder and tells the connection that raw bytes arrived: the moment of the
 * first response byte, and the liveness the idle-read timeout watches. Passes every message on
 * untouched, except bytes arriving while the connection is idle: those are released here and the
 * connection is closed.
 */
final class ByteMarker extends ChannelInboundHandlerAdapter {
  private final Conn conn;

  ByteMarker(Conn conn) {
    this.conn = conn;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b && !b.isReadable()) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!conn.onBytes()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
