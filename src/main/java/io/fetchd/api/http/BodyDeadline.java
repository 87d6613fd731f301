package io.fetchd.api.http;

import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import java.time.Duration;

/**
 * Enforces the {@link RequestDeadline} on each request while it is received: it sits before the
 * codec, so it sees raw bytes and starts a request's clock at its first byte; its {@link #end()}
 * handler, after the aggregator, stops it when the whole request has arrived. One timer per
 * connection, only while a request is being received, rescheduled only when it fires.
 *
 * <p>When a rule breaks it fires {@link #TIMED_OUT} down the pipeline: {@link RequestGate} answers
 * 408 {@code RequestTimeout} and the connection is closed. While a response is still in progress
 * (a pipelined request arriving behind it, or reading paused by the {@link ConnectionDispatcher}) the clock is
 * restarted instead: the client may be waiting for us.
 *
 * <p>Buffer ownership: passes every message on untouched. Thread rule: the connection's event loop
 * (the scheduler must run its calls there: the reactor).
 */
final class BodyDeadline extends ChannelInboundHandlerAdapter {
  /** User event: the request being received broke a time rule; the message says which. */
  static final class TimedOut {
    final String message;

    private TimedOut(String message) {
      this.message = message;
    }
  }

  /** The grace before {@link ApiOptions#minRequestBodyBytesPerSecond()} applies: 5 s. */
  static final Duration RATE_GRACE = Duration.ofSeconds(5);

  private final Scheduler clock;
  private final RequestDeadline rules;
  private final Duration total;
  private final long minRate;
  private ChannelHandlerContext ctx;
  private ConnectionState state;
  private boolean receiving;
  private DelayedCall timer;

  BodyDeadline(Scheduler clock, Duration total, long minBytesPerSecond) {
    this.clock = clock;
    this.total = total;
    this.minRate = minBytesPerSecond;
    this.rules = new RequestDeadline(total.toNanos(), RATE_GRACE.toNanos(), minBytesPerSecond);
  }

  /** The handler to put after the aggregator: it marks each complete request as received. */
  ChannelInboundHandlerAdapter end() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext c, Object msg) {
        if (msg instanceof FullHttpRequest) {
          requestReceived();
        }
        c.fireChannelRead(msg);
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.state = ConnectionState.of(ctx.channel());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      if (!receiving) {
        receiving = true;
        state.receiving(true, clock.nanoTime());
        rules.start(clock.nanoTime());
        arm();
      }
      rules.received(b.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  private void requestReceived() {
    receiving = false;
    state.receiving(false, clock.nanoTime());
    disarm();
  }

  private void arm() {
    long delay = Math.max(0, rules.nextCheckAt() - clock.nanoTime());
    timer = clock.callLater(Duration.ofNanos(delay), this::onTimer);
  }

  private void disarm() {
    if (timer != null && timer.isActive()) {
      timer.cancel();
    }
    timer = null;
  }

  private void onTimer() {
    timer = null;
    if (!receiving || !ctx.channel().isActive()) {
      return;
    }
    long now = clock.nanoTime();
    if (state.busy()) {
      rules.start(now);
      arm();
      return;
    }
    switch (rules.check(now)) {
      case OK -> arm();
      case TOO_LONG -> timedOut("the request did not arrive within " + total.toMillis() + " ms");
      case TOO_SLOW -> timedOut("the request arrived slower than " + minRate + " bytes per second");
    }
  }

  private void timedOut(String message) {
    receiving = false;
    ctx.fireUserEventTriggered(new TimedOut(message));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    receiving = false;
    disarm();
    super.channelInactive(ctx);
  }
}
