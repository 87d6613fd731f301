package io.fetchd.client.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP decoder and tells the connection that raw bytes arrived: the moment of the
 * first response byte, and the liveness the idle-read timeout watches. Passes every message on
 * untouched.
 */
final class ByteMarker extends ChannelInboundHandlerAdapter {
  private final Conn conn;

  ByteMarker(Conn conn) {
    this.conn = conn;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    conn.onBytes();
    ctx.fireChannelRead(msg);
  }
}
