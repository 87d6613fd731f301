package io.fetchd.api.http;

import io.fetchd.defer.Scheduler;
import io.fetchd.memory.MemoryBudget;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Builds each connection's pipeline, from the socket inwards:
 *
 * <ol>
 *   <li>{@link OutboundBudget}: response bytes not yet taken by the kernel count in the budget;
 *   <li>{@link LingeringClose}: after a refusal, half-closes and drops what the client still sends;
 *   <li>{@link BodyDeadline}: the total and minimum-rate limits of receiving a request (raw bytes);
 *   <li>{@link RequestChecker}: RFC 9112 syntax and framing, strictly, on the raw bytes;
 *   <li>{@code HttpServerCodec}: request line and head limits;
 *   <li>{@code IdleStateHandler} + {@link IdleCloser}: the read timeout;
 *   <li>{@link RequestGate}: decoder failures, version, Host and Expect, declared body size, the 408
 *       of {@link BodyDeadline};
 *   <li>{@link BodyBudget}: request bodies admitted into the budget (503 / 413);
 *   <li>{@link BodyAggregator}: the body cap while aggregating;
 *   <li>the end marker of {@link BodyDeadline}: the request has arrived whole;
 *   <li>{@link ConnectionDispatcher}: dispatch, pipelining.
 * </ol>
 *
 * Before any of this, the {@link ConnectionLimiter} decides whether the connection is admitted at
 * all; a refused one gets only its canned 503. An admitted one is recorded in the server's group,
 * so shutdown can close it.
 *
 * <p>Thread rule: Netty calls it on the child channel's event loop (the reactor loop).
 */
final class ApiChannelInitializer extends ChannelInitializer<Channel> {
  private final ApiOptions options;
  private final RequestHandler routes;
  private final GuardedObserver observer;
  private final Refusals refusals;
  private final ChannelGroup connections;
  private final Scheduler clock;
  private final MemoryBudget budget;
  private final OutboundBudget outboundBudget;
  private final ConnectionLimiter limiter;

  ApiChannelInitializer(
      ApiOptions options,
      RequestHandler routes,
      GuardedObserver observer,
      ChannelGroup connections,
      Scheduler clock,
      MemoryBudget budget) {
    this.options = options;
    this.routes = routes;
    this.observer = observer;
    this.refusals = new Refusals(routes::template, observer);
    this.connections = connections;
    this.clock = clock;
    this.budget = budget;
    this.outboundBudget = new OutboundBudget(budget);
    this.limiter = new ConnectionLimiter(options.effectiveMaxConnections(), connections);
  }

  ConnectionLimiter limiter() {
    return limiter;
  }

  @Override
  protected void initChannel(Channel ch) {
    if (!limiter.admit(ch)) {
      return;
    }
    ConnectionState.attach(ch, System.nanoTime());
    connections.add(ch);
    ChannelPipeline p = ch.pipeline();
    BodyDeadline deadline =
        new BodyDeadline(clock, options.requestTimeout(), options.minRequestBodyBytesPerSecond());
    p.addLast("outboundBudget", outboundBudget);
    p.addLast("linger", new LingeringClose(clock));
    p.addLast("deadline", deadline);
    p.addLast("check", new RequestChecker());
    p.addLast(
        "codec",
        new HttpServerCodec(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(options.maxInitialLineLength())
                .setMaxHeaderSize(options.maxHeaderSize())));
    p.addLast(
        "idle",
        new IdleStateHandler(options.readTimeout().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
    p.addLast("idleCloser", new IdleCloser());
    p.addLast("gate", new RequestGate(options.maxRequestBodyBytes(), refusals));
    p.addLast("bodyBudget", new BodyBudget(budget, options.maxRequestBodyBytes(), refusals));
    p.addLast("aggregator", new BodyAggregator(options.maxRequestBodyBytes(), refusals));
    p.addLast("received", deadline.end());
    p.addLast("dispatcher", new ConnectionDispatcher(routes, observer, budget));
  }
}
