package io.fetchd.app;

import io.fetchd.api.ApiServer;
import io.fetchd.api.ManagementServer;
import io.fetchd.api.http.ApiObserver;
import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.route.ExtraRoute;
import io.fetchd.batch.BatchEngine;
import io.fetchd.client.FetchListener;
import io.fetchd.client.HttpFetcher;
import io.fetchd.config.FetchdConfig;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.metrics.FetchdMetrics;
import io.fetchd.metrics.HttpServerMetrics;
import io.fetchd.metrics.ProbeHandler;
import io.fetchd.metrics.ProbeModule;
import io.fetchd.metrics.ProbeModules;
import io.fetchd.metrics.ProbeOptions;
import io.fetchd.reactor.Reactor;
import io.netty.util.internal.PlatformDependent;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The running service: a {@link Reactor}, an {@link HttpFetcher}, a {@link BatchEngine} and the
 * {@link ApiServer} in front of them, wired from a {@link FetchdConfig}; with {@code
 * metrics.enabled}, {@link FetchdMetrics} listens to the fetcher and the engine and serves
 * {@code metrics.path} and {@code /probe}: on the API port, or, with {@code
 * metrics.managementPort}, on a {@link ManagementServer} instead (which serves /healthz and
 * /readyz too, and opens even with metrics disabled).
 *
 * <p>Stopping ({@link #shutdown}) is what the SIGTERM/SIGINT hook runs: /readyz turns 503 and the
 * API keeps serving for {@code server.readinessGrace}, then it closes its socket and drains
 * (bounded by {@code server.drainTimeout}, then by {@link ApiServer#CLOSE_GRACE}); then the
 * management listener closes, the fetcher closes its idle connections, metrics stop, and the
 * reactor stops. Every wait is bounded.
 *
 * <p>Thread rule: any thread except the reactor's; {@link #start}, {@link #shutdown} and {@link
 * #awaitTermination} block.
 */
final class Service {
  /** Longest wait for the socket to be bound: 30 s. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  /** Extra time allowed on top of the drain timeout and the API's close grace: 5 s. */
  static final Duration SHUTDOWN_SLACK = Duration.ofSeconds(5);

  private final Reactor reactor;
  private final HttpFetcher fetcher;
  /**
   * The probes' own fetchers ({@link io.fetchd.client.FetcherConfig#withoutReuse()}), one per
   * distinct {@code tls_config} of the probe modules; empty without metrics.
   */
  private final List<HttpFetcher> probeFetchers;
  private final ApiServer api;
  private final ManagementServer management;
  private final FetchdMetrics metrics;
  private final InetSocketAddress address;
  private final InetSocketAddress managementAddress;
  private final Duration drainTimeout;
  private final Duration readinessGrace;
  private final String budgetLine;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  private Service(Reactor reactor, HttpFetcher fetcher, List<HttpFetcher> probeFetchers, ApiServer api, ManagementServer management,
      FetchdMetrics metrics, InetSocketAddress address, InetSocketAddress managementAddress,
      FetchdConfig.ServerSection server, String budgetLine) {
    this.budgetLine = budgetLine;
    this.reactor = reactor;
    this.fetcher = fetcher;
    this.probeFetchers = List.copyOf(probeFetchers);
    this.api = api;
    this.management = management;
    this.metrics = metrics;
    this.address = address;
    this.managementAddress = managementAddress;
    this.drainTimeout = server.drainTimeout();
    this.readinessGrace = server.readinessGrace();
  }

  /**
   * Builds everything and binds the API's socket (and the management listener's).
   *
   * @throws StartupException when a socket cannot be bound or the fetcher cannot be built
   */
  static Service start(FetchdConfig config) {
    long maxHeap = Runtime.getRuntime().maxMemory();
    long maxDirect = PlatformDependent.maxDirectMemory();
    MemoryBudget budget = new MemoryBudget(config.memoryBudgetBytes(maxHeap, maxDirect));
    String budgetLine = budgetLine(budget.limit(), config.memory().budgetBytes() == 0, maxHeap, maxDirect);
    Reactor reactor = new Reactor(config.reactorThreads(), config.reactorTransport());
    String where = config.server().host() + ":" + config.server().port();
    FetchdMetrics metrics = null;
    try {
      FetchdMetrics m = config.metrics().enabled() ? FetchdMetrics.create(reactor, config.toMetricsOptions()) : null;
      metrics = m;
      FetchListener listener = m == null ? FetchListener.NONE : m.fetchListener();
      HttpFetcher fetcher = onLoop(reactor, () -> new HttpFetcher(reactor, config.toFetcherConfig(), listener, budget));
      BatchEngine engine = onLoop(reactor, () -> new BatchEngine(fetcher::fetch, reactor, config.toBatchLimits(),
          m == null ? BatchEngine.BatchEvents.NONE : m.batchEvents(), budget));
      List<ExtraRoute> routes = List.of();
      List<HttpFetcher> probeFetchers = new ArrayList<>();
      ApiObserver observer = ApiObserver.NONE;
      if (m != null) {
        m.watch(fetcher, engine);
        m.watch(budget);
        m.start();
        // Probes dial afresh every time and share nothing with batches: fetchers of their own, one
        // per distinct tls_config of the modules.
        ProbeOptions probeOptions = config.toProbeOptions();
        ProbeModules modules = ProbeModules.load(probeOptions.modulesFile());
        Map<ProbeModule.Tls, ProbeHandler.Client> clients =
            ProbeHandler.clients(modules, config.toFetcherConfig().withoutReuse(), c -> {
              HttpFetcher probes = onLoop(reactor, () -> new HttpFetcher(reactor, c, listener, budget));
              probeFetchers.add(probes);
              return probes::fetch;
            });
        routes = m.routes(modules, clients::get, config.metrics().path(), probeOptions);
        observer = httpMetrics(m.http());
      }
      Optional<ApiOptions> mgmtOptions = config.toManagementOptions();
      ApiServer api = new ApiServer(reactor, engine, config.toApiOptions(), config.toRequestOptions(),
          config.toCeilings(), mgmtOptions.isPresent() ? List.of() : routes, observer);
      ManagementServer management = mgmtOptions.isEmpty()
          ? null
          : new ManagementServer(reactor, api, mgmtOptions.get(), routes, observer);
      InetSocketAddress bound = listen(api.startFromAnyThread(), where);
      InetSocketAddress managementBound = null;
      if (management != null) {
        ApiOptions o = mgmtOptions.get();
        managementBound = listen(management.startFromAnyThread(),
            o.host() + ":" + o.port() + " (metrics.managementPort)");
      }
      return new Service(reactor, fetcher, probeFetchers, api, management, m, bound, managementBound, config.server(),
          budgetLine);
    } catch (RuntimeException e) {
      if (metrics != null) {
        metrics.close();
      }
      reactor.close();
      throw e instanceof StartupException ? e : new StartupException("cannot start: " + Main.oneLine(e), e);
    }
  }

  private static InetSocketAddress listen(CompletableFuture<InetSocketAddress> started, String where) {
    try {
      return await(started, START_TIMEOUT);
    } catch (StartupException e) {
      throw new StartupException("cannot listen on " + where + ": " + e.getMessage(), e.getCause());
    }
  }

  /** The REST server's request events, recorded in {@code fetchd_http_server_*}. */
  private static ApiObserver httpMetrics(HttpServerMetrics http) {
    return new ApiObserver() {
      @Override
      public void requestCompleted(String routeTemplate, String method, int status, Duration elapsed) {
        http.record(routeTemplate, method, status, elapsed);
      }

      @Override
      public void requestRejected(String reason) {
        http.rejected(reason);
      }
    };
  }

  /** The startup line that says what the memory budget is and where it came from. */
  String budgetLine() {
    return budgetLine;
  }

  /** {@code fetchd: memory budget 48.0 MiB (auto: half of min(heap 96.0 MiB, direct 96.0 MiB))}. */
  static String budgetLine(long limit, boolean auto, long maxHeap, long maxDirect) {
    return "fetchd: memory budget " + mib(limit)
        + (auto
            ? " (auto: half of the smaller of max heap " + mib(maxHeap) + " and max direct memory " + mib(maxDirect) + ")"
            : " (memory.budgetBytes)");
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  /** The address the API listens on (the real port when 0 was configured). */
  InetSocketAddress address() {
    return address;
  }

  /** The address the management listener listens on, or null without {@code metrics.managementPort}. */
  InetSocketAddress managementAddress() {
    return managementAddress;
  }

  /** {@code http://HOST:PORT} of {@link #address()}, IPv6 in brackets. */
  String url() {
    return url(address);
  }

  /** {@code http://HOST:PORT} of {@code address}, IPv6 in brackets. */
  static String url(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    if (address.getAddress() instanceof Inet6Address) {
      host = "[" + host.replaceFirst("%.*$", "") + "]";
    }
    return "http://" + host + ":" + address.getPort();
  }

  /**
   * Stops the service gracefully and waits until the reactor has terminated. Only the first call
   * does the work; a later one ends the readiness grace at once (as a second SIGTERM would), waits
   * for the first (bounded) and returns false.
   *
   * @param log where the two progress lines go (standard error)
   * @return true when this call performed the shutdown
   */
  boolean shutdown(PrintStream log) {
    Duration apiBound = readinessGrace.plus(drainTimeout).plus(ApiServer.CLOSE_GRACE).plus(SHUTDOWN_SLACK);
    if (!stopping.compareAndSet(false, true)) {
      try {
        api.shutdownFromAnyThread(Duration.ZERO);
      } catch (RejectedExecutionException e) {
        // the reactor has already stopped
      }
      try {
        stopped.get(apiBound.plus(ApiServer.CLOSE_GRACE).plusSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // the first caller reports
      }
      return false;
    }
    try {
      log.println("fetchd: shutting down; "
          + (readinessGrace.isZero() ? "" : "unready for " + readinessGrace.toMillis() / 1000.0 + "s, then ")
          + "running batches get up to " + drainTimeout.toMillis() / 1000.0 + "s to finish");
      log.flush();
      try {
        await(api.shutdownFromAnyThread(readinessGrace), apiBound);
      } catch (StartupException e) {
        log.println("fetchd: API shutdown did not complete (" + e.getMessage() + "); stopping anyway");
      }
      if (management != null) {
        try {
          await(management.shutdownFromAnyThread(), ApiServer.CLOSE_GRACE.plus(SHUTDOWN_SLACK));
        } catch (StartupException e) {
          log.println("fetchd: management shutdown did not complete (" + e.getMessage() + "); stopping anyway");
        }
      }
      try {
        onLoop(reactor, () -> {
          fetcher.close();
          for (HttpFetcher probes : probeFetchers) {
            probes.close();
          }
          return null;
        });
      } catch (RuntimeException e) {
        log.println("fetchd: closing the fetcher failed (" + Main.oneLine(e) + "); stopping anyway");
      }
      if (metrics != null) {
        try {
          metrics.close();
        } catch (RuntimeException e) {
          log.println("fetchd: stopping metrics failed (" + Main.oneLine(e) + "); stopping anyway");
        }
      }
      try {
        reactor.close();
      } catch (IllegalStateException e) {
        log.println("fetchd: " + e.getMessage());
      }
      log.println("fetchd: stopped");
      log.flush();
      return true;
    } finally {
      stopped.complete(null);
    }
  }

  /** Blocks until the reactor has terminated, i.e. until {@link #shutdown} has run. */
  void awaitTermination() throws InterruptedException {
    reactor.run();
    try {
      stopped.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code fn} on the reactor thread and waits (at most {@link #START_TIMEOUT}) for its value. */
  static <T> T onLoop(Reactor reactor, Callable<T> fn) {
    CompletableFuture<T> f;
    try {
      f = reactor.callOnLoopValue(fn);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the reactor has stopped", e);
    }
    return await(f, START_TIMEOUT);
  }

  /** Waits at most {@code bound}; a failure or timeout becomes a {@link StartupException} with one line. */
  static <T> T await(Future<T> f, Duration bound) {
    try {
      return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted", e);
    } catch (ExecutionException e) {
      throw new StartupException(Main.oneLine(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new StartupException("no answer within " + bound.toMillis() + " ms", e);
    }
  }
}
