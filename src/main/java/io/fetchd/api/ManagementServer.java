package io.fetchd.api;

import io.fetchd.api.http.ApiObserver;
import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.http.HttpListener;
import io.fetchd.api.http.SharedOutcome;
import io.fetchd.api.route.BearerAuth;
import io.fetchd.api.route.ExtraRoute;
import io.fetchd.api.route.HealthHandler;
import io.fetchd.api.route.RouteTable;
import io.fetchd.defer.Deferred;
import io.fetchd.reactor.Reactor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A second listener for operators, beside an {@link ApiServer}: it serves the given {@link
 * ExtraRoute}s (/metrics, /probe), GET /healthz and GET /readyz, and nothing else (/v1/** is 404
 * {@code NotFound} here), so the scrape can live on a port the API's clients never reach.
 *
 * <p>It runs on the same reactor loop and accepts requests exactly as the API does: the same
 * {@link ApiOptions} request gate (request line, head and body caps, read timeout), the same auth
 * rule (a token only with {@link ApiOptions#protectHealthAndMetrics()} and tokens configured), and
 * every request reported to the {@link ApiObserver} given. Its /readyz answers as the API's does
 * ({@link ApiServer#isReady()}), so a readiness probe pointed at either port turns 503 at the same
 * moment.
 *
 * <p>Shut it down after the API has drained ({@link #shutdown()}): the socket closes at once, idle
 * connections are closed and busy ones once their response is written (all of them after {@link
 * ApiServer#CLOSE_GRACE} at most).
 *
 * <p>Thread rule: {@link #start()} and {@link #shutdown()} on the reactor thread only (checked);
 * {@link #startFromAnyThread()}, {@link #shutdownFromAnyThread()}, {@link #boundAddress()} and
 * {@link #openConnections()} from any thread.
 */
public final class ManagementServer {
  private static final System.Logger LOG = System.getLogger(ManagementServer.class.getName());

  private final Reactor reactor;
  private final HttpListener listener;

  private Deferred<Void> stopped;
  private SharedOutcome<Void> stoppedOutcome;

  /**
   * A listener on {@code options.host():options.port()}. Nothing is bound until {@link #start()}.
   * Any thread.
   *
   * @param api the server whose readiness /readyz reports
   * @param options where to listen (port 0 picks a free one) and the request rules; usually the
   *     API's options with another port
   * @param routes the routes served besides /healthz and /readyz (e.g. /metrics, /probe)
   * @param observer told about every request (see {@link ApiObserver}); {@link ApiObserver#NONE}
   *     for none
   * @throws IllegalArgumentException if a route's path is not absolute, is taken, or is under /v1
   */
  public ManagementServer(
      Reactor reactor, ApiServer api, ApiOptions options, List<ExtraRoute> routes, ApiObserver observer) {
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(options, "options");
    RouteTable table =
        RouteTable.management(
            new BearerAuth(options.authTokens()),
            options.protectHealthAndMetrics(),
            new HealthHandler(api::isReady),
            List.copyOf(routes));
    this.listener =
        new HttpListener(
            reactor, "fetchd-management", options, table, Objects.requireNonNull(observer, "observer"),
            api.budget());
  }

  /**
   * Binds; fires with the bound address (the real port when 0 was asked for), or fails with the
   * bind error. Calling it again returns the same outcome. Reactor thread only.
   */
  public Deferred<InetSocketAddress> start() {
    reactor.checkInEventLoop("ManagementServer.start");
    return listener.start(bound -> LOG.log(System.Logger.Level.INFO, "management listening on {0}", bound));
  }

  /** {@link #start()} from any thread; the future completes on the reactor thread. */
  public CompletableFuture<InetSocketAddress> startFromAnyThread() {
    return reactor.callOnLoop(this::start);
  }

  /** The address bound, or null before {@link #start()} succeeded. Any thread. */
  public InetSocketAddress boundAddress() {
    return listener.boundAddress();
  }

  /** Client connections open now. Any thread. */
  public int openConnections() {
    return listener.openConnections();
  }

  /**
   * Closes the socket, then the connections as the class comment says; fires when every
   * connection is closed. Calling it again returns the same outcome. Reactor thread only.
   */
  public Deferred<Void> shutdown() {
    reactor.checkInEventLoop("ManagementServer.shutdown");
    if (stopped == null) {
      stopped = new Deferred<>();
      stoppedOutcome = new SharedOutcome<>(stopped);
      listener.closeSocket();
      listener.closeConnections().addCallback(v -> {
        LOG.log(System.Logger.Level.INFO, "management listener stopped");
        stopped.callback(null);
        return null;
      });
    }
    return stoppedOutcome.follow();
  }

  /** {@link #shutdown()} from any thread; the future completes on the reactor thread. */
  public CompletableFuture<Void> shutdownFromAnyThread() {
    return reactor.callOnLoop(() -> shutdown());
  }
}
