package io.fetchd.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Builds each connection's pipeline: {@code HttpServerCodec} (request line and head limits) →
 * {@code IdleStateHandler} + {@link IdleCloser} (read timeout) → {@link RequestGate} (decoder
 * failures, declared body size) → {@link BodyAggregator} (body cap while aggregating) → {@link
 * Router}. Also records the connection in the server's group, so shutdown can close it.
 *
 * <p>Thread rule: Netty calls it on the child channel's event loop (the reactor loop).
 */
final class ApiChannelInitializer extends ChannelInitializer<Channel> {
  private final ApiOptions options;
  private final Routes routes;
  private final GuardedObserver observer;
  private final Refusals refusals;
  private final ChannelGroup connections;

  ApiChannelInitializer(ApiOptions options, Routes routes, GuardedObserver observer, ChannelGroup connections) {
    this.options = options;
    this.routes = routes;
    this.observer = observer;
    this.refusals = new Refusals(routes::template, observer);
    this.connections = connections;
  }

  @Override
  protected void initChannel(Channel ch) {
    connections.add(ch);
    ChannelPipeline p = ch.pipeline();
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
    p.addLast("aggregator", new BodyAggregator(options.maxRequestBodyBytes(), refusals));
    p.addLast("router", new Router(routes, observer));
  }
}
