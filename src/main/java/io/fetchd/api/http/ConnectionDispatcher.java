package io.fetchd.api.http;

import io.fetchd.memory.MemoryBudget;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The last handler of a connection: takes each complete request, hands it to the {@link
 * RequestHandler} (the route table) with a {@link Responder}, and serves one request at a time, in
 * order. Pipelined requests wait in a queue; once {@value #MAX_PIPELINED} wait, the dispatcher
 * stops reading from the connection (auto-read off) rather than close it, and reads again when the queue has room: the response in progress is
 * never lost and every request is answered. (The queue may pass the bound by what one read already
 * held, at most one read buffer of requests.) Requests are dispatched in a loop, never by
 * recursion, so a long queue of instant answers does not deepen the stack. Keeps the connection when both sides want
 * keep-alive and the server is not shutting down. Tells the current response when the connection's
 * writability changes or it closes ({@link Responder#onChannelChange}), so a stream can wait for a
 * slow reader instead of queueing without bound.
 *
 * <p>Buffer ownership: the dispatcher owns each request it receives, and the body's reservation in the
 * memory budget that comes with it ({@link BodyBudget}); it releases both when the route's {@code
 * serve} call returns (queued ones when the connection closes). Thread rule: the
 * connection's event loop, which is the reactor loop.
 *
 * <p>A refusal decided before the dispatcher ({@link Refusals}) takes its place in the same queue
 * ({@link #answerInTurn}), so it never overtakes the answer of a request received before it.
 */
final class ConnectionDispatcher extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(ConnectionDispatcher.class.getName());

  /** User event: close this connection once its current response (if any) is done. */
  static final Object CLOSE_WHEN_IDLE = new Object() {
    @Override
    public String toString() {
      return "CLOSE_WHEN_IDLE";
    }
  };

  static final int MAX_PIPELINED = 16;

  /**
   * A received request and the body bytes reserved for it in the budget; or, with a null request,
   * a refusal ({@link #answerInTurn}) to write in its turn, which ends the connection.
   */
  private record Pending(FullHttpRequest req, int bodyBytes, Runnable refusal) {}

  private final RequestHandler routes;
  private final GuardedObserver observer;
  private final MemoryBudget budget;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private ConnectionState state;
  private Responder current;
  private boolean busy;
  private boolean closeRequested;
  private boolean closed;
  /** True while {@link #drain} runs: a completion inside it lets the loop dispatch the next one. */
  private boolean draining;
  /** True while reading is paused because the queue is full. */
  private boolean paused;
  /** True once a refusal waits in the queue: reading never resumes. */
  private boolean refusing;

  ConnectionDispatcher(RequestHandler routes, GuardedObserver observer, MemoryBudget budget) {
    this.routes = routes;
    this.observer = observer;
    this.budget = budget;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    state = ConnectionState.of(ctx.channel());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    Pending p = new Pending(req, req.content().readableBytes(), null);
    if (closed) {
      release(p);
      return;
    }
    waiting.add(p);
    if (busy && waiting.size() >= MAX_PIPELINED && !paused) {
      paused = true;
      ctx.channel().config().setAutoRead(false);
    }
    drain(ctx);
  }

  /** Dispatches waiting requests one at a time while no response is in progress. */
  private void drain(ChannelHandlerContext ctx) {
    if (draining) {
      return;
    }
    draining = true;
    try {
      Pending next;
      while (!busy && !closed && (next = waiting.poll()) != null) {
        dispatch(ctx, next);
      }
    } finally {
      draining = false;
    }
    if (paused && !closed && !refusing && waiting.size() < MAX_PIPELINED) {
      paused = false;
      ctx.channel().config().setAutoRead(true);
    }
  }

  /**
   * Writes a refusal of a handler before the dispatcher ({@link Refusals}) in its turn: at once when
   * no request is in progress or waiting, else after the answers of the requests received before
   * it (RFC 9112 9.3.2: answers in request order). Reading stays paused meanwhile (the refusing
   * handler turned auto-read off); nothing after the refusal is dispatched.
   */
  void answerInTurn(ChannelHandlerContext ctx, Runnable refusal) {
    if (closed) {
      return;
    }
    if (!busy && waiting.isEmpty()) {
      closed = true;
      refusal.run();
      return;
    }
    refusing = true;
    waiting.add(new Pending(null, 0, refusal));
    drain(ctx);
  }

  private void release(Pending p) {
    if (p.req() != null) {
      p.req().release();
      BodyBudget.release(budget, p.bodyBytes());
    }
  }

  private void dispatch(ChannelHandlerContext ctx, Pending p) {
    if (p.refusal() != null) {
      closeAll();
      p.refusal().run();
      return;
    }
    FullHttpRequest req = p.req();
    busy = true;
    state.busy(true, System.nanoTime());
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
      release(p);
    }
  }

  private void completed(ChannelHandlerContext ctx, boolean keepAlive) {
    busy = false;
    current = null;
    state.busy(false, System.nanoTime());
    if (!keepAlive || closeRequested) {
      closeAll();
      ctx.close();
      return;
    }
    drain(ctx);
  }

  /** Stops serving: every waiting request is released. */
  private void closeAll() {
    closed = true;
    Pending p;
    while ((p = waiting.poll()) != null) {
      release(p);
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
    closeAll();
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
