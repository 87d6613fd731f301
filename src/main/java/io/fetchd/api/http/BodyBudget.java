package io.fetchd.api.http;

import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Admits request bodies into the service's {@link MemoryBudget} ({@link
 * MemoryKind#REQUEST_BODIES}) before the aggregator holds them: a declared {@code Content-Length}
 * is reserved whole when the head arrives; a chunked body's reservation grows chunk by chunk (and
 * a chunked body past {@code maxRequestBodyBytes} gets 413 here). A body that cannot be admitted
 * gets 503 {@code Overloaded} with {@code Retry-After}, or 413 {@code PayloadTooLarge} when it
 * could never fit the budget; either way before more of it is held, and the connection is closed
 * through a {@link LingeringClose}.
 *
 * <p>Reservation ownership: this handler owns the reservation of the request being received and
 * gives it back if the connection dies first. When the last content passes, the reservation is
 * exactly the body's size and passes, with the aggregated request, to the {@link ConnectionDispatcher}, which
 * releases it when it releases the request ({@link #release}).
 *
 * <p>Buffer ownership: messages passed on belong to the next handler; refused ones are released
 * here. Thread rule: the connection's event loop.
 */
final class BodyBudget extends ChannelInboundHandlerAdapter {
  /** What a 503 for want of memory asks the client to wait, in seconds. */
  static final String RETRY_AFTER_SECONDS = "1";

  private final MemoryBudget budget;
  private final long maxBodyBytes;
  private final Refusals refusals;
  private HttpRequest head;
  private long startNanos;
  /** Reserved for the request being received. */
  private long held;
  /** Body bytes of the request being received. */
  private long seen;
  private boolean refusing;

  BodyBudget(MemoryBudget budget, long maxBodyBytes, Refusals refusals) {
    this.budget = budget;
    this.maxBodyBytes = maxBodyBytes;
    this.refusals = refusals;
  }

  /** Gives back the reservation of a request the {@link ConnectionDispatcher} received ({@code bytes} of body). */
  static void release(MemoryBudget budget, long bytes) {
    budget.release(MemoryKind.REQUEST_BODIES, bytes);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refusing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest r) {
      head = r;
      startNanos = System.nanoTime();
      seen = 0;
      long declared = HttpUtil.getContentLength(r, -1L);
      if (declared > 0 && !admit(ctx, msg, declared)) {
        return;
      }
    }
    if (msg instanceof HttpContent c) {
      seen += c.content().readableBytes();
      if (seen > maxBodyBytes) {
        refuse(ctx, msg, RequestGate.tooLarge(maxBodyBytes));
        return;
      }
      if (seen > held && !admit(ctx, msg, seen - held)) {
        return;
      }
      if (msg instanceof LastHttpContent) {
        if (held > seen) {
          budget.release(MemoryKind.REQUEST_BODIES, held - seen);
        }
        held = 0;
        seen = 0;
        head = null;
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** Reserves {@code more} bytes for the body being received, or refuses the request. */
  private boolean admit(ChannelHandlerContext ctx, Object msg, long more) {
    if (budget.tryReserve(MemoryKind.REQUEST_BODIES, more)) {
      held += more;
      return true;
    }
    if (!budget.couldEverFit(held + more)) {
      refuse(ctx, msg, new ApiException(ErrorType.PayloadTooLarge,
          "the request body is larger than the server's memory budget").closing());
    } else {
      refuse(ctx, msg, new ApiException(ErrorType.Overloaded,
          "the server holds too many request bodies now; retry later")
          .withHeader("Retry-After", RETRY_AFTER_SECONDS).closing());
    }
    return false;
  }

  private void refuse(ChannelHandlerContext ctx, Object msg, ApiException e) {
    refusing = true;
    ReferenceCountUtil.release(msg);
    giveBack();
    ctx.channel().config().setAutoRead(false);
    refusals.respondAndClose(ctx, head, e, startNanos);
  }

  private void giveBack() {
    if (held > 0) {
      budget.release(MemoryKind.REQUEST_BODIES, held);
      held = 0;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    giveBack();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    giveBack();
  }
}
