package io.fetchd.api.http;

import io.fetchd.defer.Deferred;
import io.fetchd.defer.DelayedCall;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.reactor.NettyDeferreds;
import io.fetchd.reactor.Reactor;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One listening socket of the REST server's kind, shared by {@code ApiServer} and {@link
 * ManagementServer}: the bootstrap on the reactor's loop (acceptor and connections alike), the
 * pipeline of {@link ApiChannelInitializer} over a given {@link RequestHandler} (the route table), the listening
 * socket, the group of open connections, and their graceful close. The owner decides when to bind
 * and when to close the socket.
 *
 * <p>Thread rule: reactor thread only, except {@link #openConnections()}, {@link #maxConnections()}
 * and {@link #boundAddress()} (any thread).
 */
public final class HttpListener {
  /** How long responses still being written get at shutdown before their connections are closed. */
  public static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final Reactor reactor;
  private final ApiOptions options;
  private final ChannelGroup connections;
  private final ApiChannelInitializer initializer;

  private volatile InetSocketAddress bound;
  private Channel serverChannel;
  private Deferred<InetSocketAddress> started;
  private SharedOutcome<InetSocketAddress> startedOutcome;
  /** True once {@link #closeSocket()} was called, so a bind still under way closes at once. */
  private boolean socketClosed;

  /**
   * @param name names the connection group in Netty's logs
   * @param options where to bind ({@code host}, {@code port}) and what each connection accepts
   * @param budget where request bodies and queued responses are reserved
   */
  public HttpListener(
      Reactor reactor, String name, ApiOptions options, RequestHandler routes, ApiObserver observer, MemoryBudget budget) {
    this.reactor = reactor;
    this.options = options;
    this.connections = new DefaultChannelGroup(name, reactor.eventLoop());
    this.initializer =
        new ApiChannelInitializer(options, routes, new GuardedObserver(observer), connections, reactor, budget);
  }

  /**
   * Binds {@code options.host():options.port()} once; fires with the bound address (the real port
   * when 0 was asked for), or fails with the bind error. Calling it again returns the same outcome.
   * On success {@code onBound} runs first, given the address (the owner logs and turns ready
   * there); it is used on the first call only. A socket bound after {@link #closeSocket()} is
   * closed at once.
   */
  public Deferred<InetSocketAddress> start(Consumer<InetSocketAddress> onBound) {
    reactor.checkInEventLoop("HttpListener.start");
    if (started == null) {
      started = new Deferred<>();
      startedOutcome = new SharedOutcome<>(started);
      bind().addCallbacks(
          ch -> {
            serverChannel = ch;
            bound = (InetSocketAddress) ch.localAddress();
            if (socketClosed) {
              ch.close();
            }
            onBound.accept(bound);
            started.callback(bound);
            return null;
          },
          failure -> {
            started.errback(failure);
            return null;
          });
    }
    return startedOutcome.follow();
  }

  /** The address bound, or null before {@link #start} succeeded. Any thread. */
  public InetSocketAddress boundAddress() {
    return bound;
  }

  /** Closes the listening socket: now if bound, else as soon as a bind under way completes. */
  public void closeSocket() {
    reactor.checkInEventLoop("HttpListener.closeSocket");
    socketClosed = true;
    if (serverChannel != null) {
      serverChannel.close();
    }
  }

  /** Binds {@code options.host():options.port()}; fires with the server channel or the bind error. */
  private Deferred<Channel> bind() {
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
  public int openConnections() {
    return connections.size();
  }

  /** Connections refused at the cap since the start. Reactor thread (a plain read elsewhere). */
  public long refusedConnections() {
    return initializer.limiter().refused();
  }

  /** Idle connections closed near the cap since the start. Reactor thread (a plain read elsewhere). */
  public long shedConnections() {
    return initializer.limiter().shed();
  }

  /** The connection cap in force ({@link ApiOptions#effectiveMaxConnections()}). Any thread. */
  public int maxConnections() {
    return initializer.limiter().max();
  }

  /** Bytes written to connections and not yet taken by the kernel, over all connections. */
  public long pendingWriteBytes() {
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
   * open after {@link #CLOSE_GRACE} are closed anyway. Fires when every connection open
   * at the call is closed (at once when there are none).
   */
  public Deferred<Void> closeConnections() {
    reactor.checkInEventLoop("HttpListener.closeConnections");
    for (Channel ch : connections) {
      ch.pipeline().fireUserEventTriggered(ConnectionDispatcher.CLOSE_WHEN_IDLE);
    }
    Deferred<Void> closed = new Deferred<>();
    DelayedCall force = reactor.callLater(CLOSE_GRACE, connections::close);
    connections.newCloseFuture().addListener(f -> {
      if (force.isActive()) {
        force.cancel();
      }
      closed.callback(null);
    });
    return closed;
  }
}
