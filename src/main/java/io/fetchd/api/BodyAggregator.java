package io.fetchd.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's aggregator with the body cap enforced the API's way: a body that grows past the cap
 * while it streams in (chunked, no {@code Content-Length}) gets 413 {@code PayloadTooLarge} as
 * JSON and the connection is closed. ({@link RequestGate} already refused a declared length over
 * the cap.)
 *
 * <p>Buffer ownership: as {@link HttpObjectAggregator}; the oversized message is released by it.
 * Thread rule: the connection's event loop.
 */
final class BodyAggregator extends HttpObjectAggregator {
  private final int max;

  BodyAggregator(int maxBodyBytes) {
    super(maxBodyBytes);
    this.max = maxBodyBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.channel().config().setAutoRead(false);
    RequestGate.respondAndClose(ctx, RequestGate.tooLarge(max));
  }
}
