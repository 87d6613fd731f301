package io.fetchd.api.http;

import io.fetchd.memory.MemoryBudget;
import io.fetchd.memory.MemoryKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * Counts the response bytes written to a connection and not yet taken by the kernel in the
 * service's {@link MemoryBudget} as {@link MemoryKind#QUEUED_RESPONSES}. It is the first handler of
 * the pipeline (nearest the socket), so it sees the encoded bytes: each write is {@linkplain
 * MemoryBudget#forceReserve force-reserved} (the bytes exist already; refusing is the business of
 * whoever produced them, by respecting writability) and released by the write's promise listener,
 * which Netty runs exactly once, on success, failure, or when the connection closes with the write
 * still queued.
 *
 * <p>Cost per write: one listener. Buffer ownership: passes every message on. Thread rule: the
 * connection's event loop. Stateless apart from the budget, so one instance serves all connections.
 */
@io.netty.channel.ChannelHandler.Sharable
final class OutboundBudget extends ChannelOutboundHandlerAdapter {
  private final MemoryBudget budget;

  OutboundBudget(MemoryBudget budget) {
    this.budget = budget;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    long n = size(msg);
    if (n == 0) {
      ctx.write(msg, promise);
      return;
    }
    budget.forceReserve(MemoryKind.QUEUED_RESPONSES, n);
    ChannelPromise p = promise.unvoid();
    p.addListener(f -> budget.release(MemoryKind.QUEUED_RESPONSES, n));
    ctx.write(msg, p);
  }

  private static long size(Object msg) {
    if (msg instanceof ByteBuf b) {
      return b.readableBytes();
    }
    if (msg instanceof ByteBufHolder h) {
      return h.content().readableBytes();
    }
    if (msg instanceof FileRegion r) {
      return r.count() - r.transferred();
    }
    return 0;
  }
}
