package io.fetchd.api.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

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
  private final Refusals refusals;
  private long startNanos;

  BodyAggregator(int maxBodyBytes, Refusals refusals) {
    super(maxBodyBytes);
    this.max = maxBodyBytes;
    this.refusals = refusals;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
    if (msg instanceof HttpRequest) {
      startNanos = System.nanoTime();
    }
    super.decode(ctx, msg, out);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.channel().config().setAutoRead(false);
    HttpRequest request = oversized instanceof HttpRequest r ? r : null;
    refusals.respondAndClose(ctx, request, RequestGate.tooLarge(max), startNanos);
  }
}
