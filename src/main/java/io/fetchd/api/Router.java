package io.fetchd.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The last handler of a connection: takes each complete request, hands it to {@link Routes} with
 * a {@link Responder}, and serves one request at a time (pipelined requests wait, at most {@value
 * #MAX_PIPELINED}; more closes the connection). Keeps the connection when both sides want
 * keep-alive and the server is not shutting down. Tells the current response when the connection's
 * writability changes or it closes ({@link Responder#onChannelChange}), so a stream can wait for a
 * slow reader instead of queueing without bound.
 *
 * <p>Buffer ownership: the router owns each request it receives and releases it when the route's
 * {@code serve} call returns (queued ones when the connection closes). Thread rule: the
 * connection's event loop, which is the reactor loop.
 */
final class Router extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(Router.class.getName());

  /** True on a channel while a response is in progress (the idle closer leaves it alone). */
  static final AttributeKey<Boolean> BUSY = AttributeKey.valueOf("fetchd.api.busy");

  /** User event: close this connection once its current response (if any) is done. */
  static final Object CLOSE_WHEN_IDLE = new Object() {
    @Override
    public String toString() {
      return "CLOSE_WHEN_IDLE";
    }
  };

  static final int MAX_PIPELINED = 16;

  private final Routes routes;
  private final GuardedObserver observer;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private Responder current;
  private boolean busy;
  private boolean closeRequested;

  Router(Routes routes, GuardedObserver observer) {
    this.routes = routes;
    this.observer = observer;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (busy) {
      if (waiting.size() >= MAX_PIPELINED) {
        req.release();
        ctx.close();
        return;
      }
      waiting.add(req);
      return;
    }
    dispatch(ctx, req);
  }

  private void dispatch(ChannelHandlerContext ctx, FullHttpRequest req) {
    busy = true;
    ctx.channel().attr(BUSY).set(Boolean.TRUE);
    boolean keepAlive = HttpUtil.isKeepAlive(req) && !closeRequested;
    Responder out =
        new Responder(
            ctx,
            req.protocolVersion(),
            keepAlive,
            observer,
            req.method().name(),
            System.nanoTime(),
            alive -> completed(ctx, alive));
    current = out;
    try {
      ApiRequest apiRequest;
      try {
        apiRequest = new ApiRequest(req);
      } catch (IllegalArgumentException e) {
        throw new ApiException(ErrorType.BadRequest, "the request target is malformed");
      }
      routes.serve(apiRequest, out);
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError v) {
        throw v;
      }
      out.fail(ErrorMapper.map(t));
    } finally {
      req.release();
    }
  }

  private void completed(ChannelHandlerContext ctx, boolean keepAlive) {
    busy = false;
    current = null;
    ctx.channel().attr(BUSY).set(Boolean.FALSE);
    if (!keepAlive || closeRequested) {
      ctx.close();
      return;
    }
    FullHttpRequest next = waiting.poll();
    if (next != null) {
      dispatch(ctx, next);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == CLOSE_WHEN_IDLE) {
      closeRequested = true;
      if (!busy) {
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (current != null) {
      current.channelChanged();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    FullHttpRequest r;
    while ((r = waiting.poll()) != null) {
      r.release();
    }
    if (current != null) {
      current.channelChanged();
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    io.fetchd.reactor.FatalErrors.check("channel handler (API connection)", cause);
    LOG.log(System.Logger.Level.DEBUG, "connection error; closing: {0}", cause.toString());
    ctx.close();
  }
}
