package io.fetchd.api;

import io.fetchd.api.http.ApiObserver;
import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.http.HttpListener;
import io.fetchd.api.http.SharedOutcome;
import io.fetchd.api.route.BatchRequestParser;
import io.fetchd.api.route.BearerAuth;
import io.fetchd.api.route.ExtraRoute;
import io.fetchd.api.route.FetchHandler;
import io.fetchd.api.route.HealthHandler;
import io.fetchd.api.route.JobsHandler;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.api.route.RouteTable;
import io.fetchd.batch.BatchEngine;
import io.fetchd.client.RequestOptions;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DelayedCall;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.reactor.Reactor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * fetchd's REST front end: an HTTP/1.1 server on the reactor's own event loop in front of a
 * {@link BatchEngine}.
 *
 * <p>RouteTable: POST /v1/fetch, POST /v1/batches, GET and DELETE /v1/batches/{id}, GET /healthz, GET
 * /readyz, and any {@link ExtraRoute}s; every GET route answers HEAD too. Errors are {@code
 * {"error":{"type","message"}}} with the stable types of {@code ErrorType}.
 *
 * <p>Both the acceptor and every connection are registered on {@link Reactor#eventLoop()}, the
 * loop every batch lives on, so a route touches the engine and batch tables directly, with no
 * locks and no thread hops.
 *
 * <p>To serve /metrics and /probe on another port, give those routes to a {@link ManagementServer}
 * beside this server instead of to this one; /healthz and /readyz are then served on both.
 *
 * <p>Every request is reported to an {@link ApiObserver} (route template, method, status, elapsed
 * time; refusals by reason), which is how request metrics plug in.
 *
 * <p>Shutdown ({@link #shutdown(Duration)}) is graceful and ordered for a load balancer such as
 * Kubernetes, which keeps sending traffic until it has seen the pod unready:
 *
 * <ol>
 *   <li>/readyz answers 503 at once, while everything else is served as before and new
 *       connections are still accepted;
 *   <li>after the readiness grace (0 for {@link #shutdown()}), the listening socket closes and
 *       the engine drains: new batches are refused (503 {@code Overloaded}) and running ones get
 *       {@link ApiOptions#drainTimeout()} to finish, then the rest is cancelled;
 *   <li>then idle connections are closed and busy ones once their response is written (any still
 *       open after {@link #CLOSE_GRACE} are closed anyway); then the returned Deferred fires.
 * </ol>
 *
 * <p>Choose the grace to cover the time the balancer needs to notice (readiness probe period ×
 * failure threshold, plus endpoint propagation); a {@code preStop} sleep is then unnecessary.
 *
 * <p>Thread rule: {@link #start()} and the {@code shutdown} methods on the reactor thread only
 * (checked); {@link #startFromAnyThread()}, the {@code shutdownFromAnyThread} methods, {@link
 * #boundAddress()}, {@link #isReady()}, {@link #openConnections()} and {@link #maxConnections()} from any
 * thread.
 */
public final class ApiServer {
  private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

  /** How long busy connections may finish their response once batches are done: 5 s. */
  public static final Duration CLOSE_GRACE = HttpListener.CLOSE_GRACE;

  private final Reactor reactor;
  private final BatchEngine engine;
  private final ApiOptions options;
  private final HttpListener listener;

  private volatile boolean ready;
  private Deferred<Void> stopped;
  private SharedOutcome<Void> stoppedOutcome;
  /** Closes the socket and drains once the readiness grace is over; null outside the grace. */
  private DelayedCall graceOver;
  /** True once the socket has been closed and the engine told to drain. */
  private boolean closing;

  /**
   * A server for {@code engine}. Nothing is bound until {@link #start()}. Any thread.
   *
   * @param defaults the request options a batch's {@code options} are merged onto
   * @param ceilings the most a request's {@code options} may ask for
   * @param extraRoutes routes served besides the built-in ones (e.g. /metrics)
   * @param observer told about every request (see {@link ApiObserver} for its rules); {@link
   *     ApiObserver#NONE} for none
   * @throws IllegalArgumentException if an extra route's path is not absolute or is taken
   */
  public ApiServer(
      Reactor reactor,
      BatchEngine engine,
      ApiOptions options,
      RequestOptions defaults,
      RequestCeilings ceilings,
      List<ExtraRoute> extraRoutes,
      ApiObserver observer) {
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.options = Objects.requireNonNull(options, "options");
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(ceilings, "ceilings");
    BatchRequestParser parser =
        new BatchRequestParser(defaults, ceilings, engine.limits().maxUrlsPerBatch());
    RouteTable routes =
        new RouteTable(
            new BearerAuth(options.authTokens()),
            options.protectHealthAndMetrics(),
            new FetchHandler(engine, parser),
            new JobsHandler(engine, parser),
            new HealthHandler(() -> ready),
            List.copyOf(extraRoutes));
    this.listener =
        new HttpListener(
            reactor, "fetchd-api", options, routes, Objects.requireNonNull(observer, "observer"), engine.budget());
  }

  /** A server reporting to no {@link ApiObserver}. Any thread. */
  public ApiServer(
      Reactor reactor,
      BatchEngine engine,
      ApiOptions options,
      RequestOptions defaults,
      RequestCeilings ceilings,
      List<ExtraRoute> extraRoutes) {
    this(reactor, engine, options, defaults, ceilings, extraRoutes, ApiObserver.NONE);
  }

  /** A server without extra routes. Any thread. */
  public ApiServer(
      Reactor reactor,
      BatchEngine engine,
      ApiOptions options,
      RequestOptions defaults,
      RequestCeilings ceilings) {
    this(reactor, engine, options, defaults, ceilings, List.of());
  }

  /**
   * Binds {@link ApiOptions#host()}:{@link ApiOptions#port()}; fires with the bound address (the
   * real port when 0 was asked for), or fails with the bind error. Calling it again returns the
   * same outcome. Reactor thread only.
   */
  public Deferred<InetSocketAddress> start() {
    reactor.checkInEventLoop("ApiServer.start");
    return listener.start(bound -> {
      ready = stopped == null;
      LOG.log(System.Logger.Level.INFO, "API listening on {0}", bound);
    });
  }

  /** {@link #start()} from any thread; the future completes on the reactor thread. */
  public CompletableFuture<InetSocketAddress> startFromAnyThread() {
    return reactor.callOnLoop(this::start);
  }

  /** The address bound, or null before {@link #start()} succeeded. Any thread. */
  public InetSocketAddress boundAddress() {
    return listener.boundAddress();
  }

  /**
   * True between a successful start and the beginning of shutdown, readiness grace included (what
   * /readyz says). Any thread.
   */
  public boolean isReady() {
    return ready;
  }

  /** Client connections open now. Any thread. */
  public int openConnections() {
    return listener.openConnections();
  }

  /** The service's memory budget (the engine's), in which this server reserves what it holds. Any thread. */
  MemoryBudget budget() {
    return engine.budget();
  }

  /** The connection cap in force ({@link ApiOptions#effectiveMaxConnections()}). Any thread. */
  public int maxConnections() {
    return listener.maxConnections();
  }

  /**
   * Connections refused at the cap since the start. Reactor thread only (elsewhere a possibly stale
   * read).
   */
  public long refusedConnections() {
    return listener.refusedConnections();
  }

  /**
   * Idle keep-alive connections closed near the cap to make room, since the start. Reactor thread
   * only (elsewhere a possibly stale read).
   */
  public long shedConnections() {
    return listener.shedConnections();
  }

  /**
   * {@link #shutdown(Duration)} with no readiness grace: /readyz turns 503 and the socket closes at
   * once. Reactor thread only.
   */
  public Deferred<Void> shutdown() {
    return shutdown(Duration.ZERO);
  }

  /**
   * Shuts down gracefully in the order of the class comment: /readyz answers 503 at once, the
   * listening socket closes and the drain begins after {@code readinessGrace}; fires when every
   * connection is closed.
   *
   * <p>Calling it again returns the same outcome; a later call with a shorter grace (counted from
   * that call) brings the socket's closing forward, never back (a second SIGTERM hurries). Reactor
   * thread only.
   *
   * @param readinessGrace how long to keep serving, unready, before closing the socket; zero or
   *     more
   * @throws IllegalArgumentException if {@code readinessGrace} is negative
   */
  public Deferred<Void> shutdown(Duration readinessGrace) {
    reactor.checkInEventLoop("ApiServer.shutdown");
    Objects.requireNonNull(readinessGrace, "readinessGrace");
    if (readinessGrace.isNegative()) {
      throw new IllegalArgumentException("readinessGrace must not be negative, got " + readinessGrace);
    }
    if (stopped == null) {
      stopped = new Deferred<>();
      stoppedOutcome = new SharedOutcome<>(stopped);
      ready = false;
      if (readinessGrace.isZero()) {
        closeAndDrain();
      } else {
        LOG.log(System.Logger.Level.INFO, "unready; closing the API socket in {0} ms", readinessGrace.toMillis());
        graceOver = reactor.callLater(readinessGrace, this::closeAndDrain);
      }
    } else if (graceOver != null && reactor.nanoTime() + readinessGrace.toNanos() < graceOver.time()) {
      if (readinessGrace.isZero()) {
        graceOver.cancel();
        closeAndDrain();
      } else {
        graceOver.reset(readinessGrace);
      }
    }
    return stoppedOutcome.follow();
  }

  private void closeAndDrain() {
    if (closing) {
      return;
    }
    closing = true;
    graceOver = null;
    listener.closeSocket();
    Deferred<Void> drained = engine.drain();
    DelayedCall hurry =
        reactor.callLater(
            options.drainTimeout(),
            () -> {
              LOG.log(System.Logger.Level.INFO, "drain timeout passed; cancelling running batches");
              engine.cancelAll();
            });
    drained.addBoth(
        (Void v, io.fetchd.defer.Failure f) -> {
          if (hurry.isActive()) {
            hurry.cancel();
          }
          closeConnections();
          return null;
        });
  }

  /** {@link #shutdown()} from any thread; the future completes on the reactor thread. */
  public CompletableFuture<Void> shutdownFromAnyThread() {
    return reactor.callOnLoop(() -> shutdown());
  }

  /** {@link #shutdown(Duration)} from any thread; the future completes on the reactor thread. */
  public CompletableFuture<Void> shutdownFromAnyThread(Duration readinessGrace) {
    return reactor.callOnLoop(() -> shutdown(readinessGrace));
  }

  /**
   * Bytes written to client connections and not yet taken by the kernel, over all connections:
   * what slow readers are costing now. Reactor thread only (tests and diagnostics).
   */
  long pendingWriteBytes() {
    return listener.pendingWriteBytes();
  }

  private void closeConnections() {
    listener.closeConnections().addCallback(v -> {
      LOG.log(System.Logger.Level.INFO, "API stopped");
      stopped.callback(null);
      return null;
    });
  }

}
