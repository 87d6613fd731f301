package io.fetchd.api;

import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Deferred;
import io.fetchd.reactor.NettyDeferreds;
import io.fetchd.reactor.Reactor;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;

/**
 * One listening socket of the REST server's kind, shared by {@link ApiServer} and {@link
 * ManagementServer}: the bootstrap on the reactor's loop (acceptor and connections alike), the
 * pipeline of {@link ApiChannelInitializer} over a given {@link Routes} table, the group of open
 * connections, and their graceful close. The owner keeps the server channel and decides when to
 * close it.
 *
 * <p>Thread rule: reactor thread only, except {@link #openConnections()} (any thread).
 */
final class HttpListener {
  private final Reactor reactor;
  private final ApiOptions options;
  private final ChannelGroup connections;
  private final ApiChannelInitializer initializer;

  /**
   * @param name names the connection group in Netty's logs
   * @param options where to bind ({@code host}, {@code port}) and what each connection accepts
   */
  HttpListener(Reactor reactor, String name, ApiOptions options, Routes routes, ApiObserver observer) {
    this.reactor = reactor;
    this.options = options;
    this.connections = new DefaultChannelGroup(name, reactor.eventLoop());
    this.initializer = new ApiChannelInitializer(options, routes, new GuardedObserver(observer), connections);
  }

  /** Binds {@code options.host():options.port()}; fires with the server channel or the bind error. */
  Deferred<Channel> bind() {
    reactor.checkInEventLoop("HttpListener.bind");
    EventLoop loop = reactor.eventLoop();
    Class<? extends ServerChannel> type =
        reactor.serverSocketChannelType();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(loop, loop)
            .channel(type)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer);
    return NettyDeferreds.toDeferred(b.bind(options.host(), options.port()));
  }

  /** Client connections open now. Any thread. */
  int openConnections() {
    return connections.size();
  }

  /** Bytes written to connections and not yet taken by the kernel, over all connections. */
  long pendingWriteBytes() {
    long sum = 0;
    for (Channel ch : connections) {
      io.netty.channel.ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
      if (b != null) {
        sum += b.totalPendingWriteBytes();
      }
    }
    return sum;
  }

  /**
   * Closes idle connections now and busy ones once their current response is written; any still
   * open after {@link ApiServer#CLOSE_GRACE} are closed anyway. Fires when every connection open
   * at the call is closed (at once when there are none).
   */
  Deferred<Void> closeConnections() {
    reactor.checkInEventLoop("HttpListener.closeConnections");
    for (Channel ch : connections) {
      ch.pipeline().fireUserEventTriggered(Router.CLOSE_WHEN_IDLE);
    }
    Deferred<Void> closed = new Deferred<>();
    DelayedCall force = reactor.callLater(ApiServer.CLOSE_GRACE, connections::close);
    connections.newCloseFuture().addListener(f -> {
      if (force.isActive()) {
        force.cancel();
      }
      closed.callback(null);
    });
    return closed;
  }

  /** A new Deferred with {@code d}'s outcome, leaving {@code d} untouched for later callers. */
  static <T> Deferred<T> follow(Deferred<T> d) {
    Deferred<T> copy = new Deferred<>();
    d.addBoth(
        (T v, io.fetchd.defer.Failure f) -> {
          if (f == null) {
            copy.callback(v);
          } else {
            copy.errback(f);
          }
          return v;
        });
    return copy;
  }
}
