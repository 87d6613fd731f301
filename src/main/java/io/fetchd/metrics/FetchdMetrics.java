package io.fetchd.metrics;

import io.fetchd.api.route.ExtraRoute;
import io.fetchd.batch.BatchEngine;
import io.fetchd.batch.Fetch;
import io.fetchd.client.FetchListener;
import io.fetchd.client.HttpFetcher;
import io.fetchd.client.Version;
import io.fetchd.client.RequestOptions;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Scheduler;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.reactor.Reactor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * fetchd's metrics in one place: the Prometheus registry and everything that feeds it. The app
 * wires it in a few lines:
 *
 * <pre>{@code
 * FetchdMetrics metrics = FetchdMetrics.create(reactor, MetricsOptions.DEFAULTS);
 * HttpFetcher fetcher = new HttpFetcher(reactor, fetcherConfig, metrics.fetchListener());
 * BatchEngine engine = new BatchEngine(fetcher::fetch, reactor, limits, metrics.batchEvents());
 * metrics.watch(fetcher, engine);
 * metrics.watch(engine.budget());
 * metrics.start();
 * ApiServer api = new ApiServer(reactor, engine, apiOptions, defaults, ceilings, metrics.routes(fetcher::fetch));
 * // REST requests -> metrics.http().record(route, method, status, latency) (when the server has a hook)
 * // on shutdown, after the server: metrics.close();
 * }</pre>
 *
 * <p>Thread rule: {@link #create}, the accessors, {@link #watch}, {@link #start}, {@link #stop},
 * {@link #scrape}, {@link #probeFromAnyThread} and {@link #close} from any thread; the listener and
 * the batch events are called on the reactor thread.
 */
public final class FetchdMetrics implements AutoCloseable {
  private final Reactor reactor;
  private final Scheduler clock;
  private final MetricsOptions options;
  private final PrometheusMeterRegistry registry;
  private final UrlSeriesGuard urls;
  private final UrlSeriesGuard hosts;
  private final FetchMetrics fetchMetrics;
  private final BatchMetrics batchMetrics;
  private final HttpServerMetrics http;
  private final LoopSampler sampler;
  private final LoopLagProbe lagProbe;
  private final ExecutorService scraper =
      Executors.newSingleThreadExecutor(new DefaultThreadFactory("fetchd-metrics-scrape", true));
  private JvmGcMetrics gc;
  private boolean started;
  private boolean closed;
  private final LoopWallClock wallClock;

  /**
   * @param reactor the reactor whose loops are probed for lag, or null (tests on a fake clock)
   * @param clock the clock of every loop-confined part: the reactor itself, or a {@code FakeClock}
   */
  FetchdMetrics(Reactor reactor, Scheduler clock, PrometheusMeterRegistry registry, MetricsOptions options) {
    this(reactor, clock, registry, options, null);
  }

  /** As above, with {@code wallClock} the registry's clock (started and stopped with this), or null. */
  private FetchdMetrics(
      Reactor reactor, Scheduler clock, PrometheusMeterRegistry registry, MetricsOptions options, LoopWallClock wallClock) {
    this.reactor = reactor;
    this.wallClock = wallClock;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
    this.registry = Objects.requireNonNull(registry, "registry");
    lintCleanJvmNames(registry);
    this.urls = UrlSeriesGuard.forUrls(
        registry, clock, options.maxUrlSeries(), options.seriesIdleTimeout(), options.keepQueryString());
    this.hosts = UrlSeriesGuard.forHosts(registry, clock, options.maxHostSeries(), options.seriesIdleTimeout());
    this.fetchMetrics = new FetchMetrics(registry, urls, hosts);
    this.batchMetrics = new BatchMetrics(registry);
    this.http = new HttpServerMetrics(registry);
    this.sampler = new LoopSampler(registry, clock);
    this.lagProbe = reactor == null ? null : new LoopLagProbe(reactor.group(), registry, options.loopLagInterval());
    Gauge.builder(FetchdMeter.BUILD_INFO.meterName(), () -> 1)
        .description(FetchdMeter.BUILD_INFO.description())
        .tags("version", Version.VERSION, "revision", options.revision())
        .register(registry);
    if (options.jvmMetrics()) {
      new ClassLoaderMetrics().bindTo(registry);
      new JvmMemoryMetrics().bindTo(registry);
      gc = new JvmGcMetrics();
      gc.bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new FileDescriptorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
    }
  }

  /**
   * Keeps {@code promtool check metrics} clean of Micrometer's own binder names: {@code
   * process.cpu.time} is published in nanoseconds ({@code _ns_total}, an abbreviated non-base unit;
   * {@code process_cpu_usage} remains), and {@code system.cpu.count} would end in {@code _count}
   * like a histogram series; it is published as {@code system_cpu_cores}.
   */
  private static void lintCleanJvmNames(MeterRegistry registry) {
    registry.config()
        .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.cores") : id;
              }
            });
  }

  /** Metrics for {@code reactor}, with a new Prometheus registry. Any thread. */
  public static FetchdMetrics create(Reactor reactor, MetricsOptions options) {
    Objects.requireNonNull(reactor, "reactor");
    LoopWallClock wall = new LoopWallClock(reactor, reactor);
    return new FetchdMetrics(
        reactor, reactor, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), wall), options, wall);
  }

  /** The registry, for anything else the app wants to publish. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public MetricsOptions options() {
    return options;
  }

  /** Give to {@code new HttpFetcher(reactor, config, listener)}. */
  public FetchListener fetchListener() {
    return fetchMetrics;
  }
  /** The fetcher-side meters; for tests in this package. */
  FetchMetrics fetchMetrics() {
    return fetchMetrics;
  }


  /** Give to {@code new BatchEngine(fetch, clock, limits, events)}. */
  public BatchEngine.BatchEvents batchEvents() {
    return batchMetrics;
  }

  /** What the REST server reports requests and refusals to. */
  public HttpServerMetrics http() {
    return http;
  }

  /**
   * Publishes the fetcher's open and idle connections and the engine's queued URLs, read on the
   * reactor loop every {@link MetricsOptions#sampleInterval()} (never from the scrape thread), and
   * the fetcher's fetches in flight ({@link HttpFetcher#inFlight()}, exact at every scrape), and
   * the two limits those are measured against ({@code fetchd_fetches_in_flight_limit}, {@code
   * fetchd_urls_queued_limit}), so saturation alerts need no copy of the configuration. Either
   * may be null. Call once. Any thread.
   */
  public void watch(HttpFetcher fetcher, BatchEngine engine) {
    if (fetcher != null) {
      sampler.bindConnections(fetcher::openConnections, fetcher::idleConnections);
      fetchMetrics.bindInFlight(fetcher::inFlight);
      constant(FetchdMeter.FETCHES_IN_FLIGHT_LIMIT, fetcher.maxInFlight());
    }
    if (engine != null) {
      sampler.bindQueuedUrls(engine::queuedUrls);
      constant(FetchdMeter.URLS_QUEUED_LIMIT, engine.limits().maxQueuedUrls());
    }
  }

  private void constant(FetchdMeter meter, double value) {
    Gauge.builder(meter.meterName(), () -> value).description(meter.description()).register(registry);
  }

  /**
   * Publishes the memory budget: its limit, what it holds by kind and its refusals by kind
   * ({@code fetchd_memory_budget_*}). Call once. Any thread.
   */
  public void watch(MemoryBudget budget) {
    MemoryMetrics.bind(registry, Objects.requireNonNull(budget, "budget"));
  }

  /**
   * Starts the loop-lag probe on every loop of the reactor's group, the gauge sampler and the
   * idle-series sweeps. Any thread (the loop-confined parts are started on the loop).
   */
  public synchronized void start() {
    if (started || closed) {
      return;
    }
    started = true;
    onLoop(() -> {
      if (wallClock != null) {
        wallClock.start();
      }
      urls.start();
      hosts.start();
      sampler.start(options.sampleInterval());
    });
    if (lagProbe != null) {
      lagProbe.start();
    }
  }

  /** Stops what {@link #start} started. Any thread. */
  public synchronized void stop() {
    if (!started) {
      return;
    }
    started = false;
    if (lagProbe != null) {
      lagProbe.stop();
    }
    onLoop(() -> {
      if (wallClock != null) {
        wallClock.stop();
      }
      urls.stop();
      hosts.stop();
      sampler.stop();
    });
  }

  private void onLoop(Runnable task) {
    if (reactor == null || reactor.inEventLoop()) {
      task.run();
    } else if (!reactor.isTerminated()) {
      try {
        reactor.callFromThread(task);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // the loop is gone; so is everything that ran on it
      }
    }
  }

  /** {@code GET /metrics}: the registry in the Prometheus text format 0.0.4. Any thread. */
  public HttpReply scrape() {
    return new HttpReply(200, HttpReply.PROMETHEUS_TEXT, registry.scrape());
  }

  /**
   * {@code GET /metrics?name[]=...}: only the metric families named, as Prometheus' own exporters
   * do; an empty set means all. A family is named as it is exposed ({@code
   * jvm_memory_used_bytes}, {@code fetchd_fetches_total}, {@code fetchd_build_info}) or by its
   * base name ({@code fetchd_fetches}); an unknown name matches nothing. Any thread.
   */
  public HttpReply scrape(Set<String> names) {
    if (names.isEmpty()) {
      return scrape();
    }
    return new HttpReply(200, HttpReply.PROMETHEUS_TEXT, registry.scrape(HttpReply.PROMETHEUS_TEXT, familyNames(names)));
  }

  /** The names as given plus each without an exposition suffix; the registry filters on base names. */
  static Set<String> familyNames(Set<String> names) {
    Set<String> out = new HashSet<>(names);
    for (String n : names) {
      for (String suffix : EXPOSITION_SUFFIXES) {
        if (n.endsWith(suffix) && n.length() > suffix.length()) {
          out.add(n.substring(0, n.length() - suffix.length()));
        }
      }
    }
    return out;
  }

  private static final List<String> EXPOSITION_SUFFIXES = List.of("_total", "_info", "_bucket", "_count", "_sum");

  /**
   * {@link #scrape(Set)} on the metrics' own scrape thread, so the loop never renders the text.
   * Any thread; the future completes on the scrape thread.
   */
  public CompletableFuture<HttpReply> scrapeAsync(Set<String> names) {
    try {
      return CompletableFuture.supplyAsync(() -> scrape(names), scraper);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The REST server's extra routes: {@code GET /metrics} (rendered off the loop) and {@code GET
   * /probe?target=URL} fetching with {@code probeFetch} (normally {@code fetcher::fetch}). Pass the
   * list to the {@code ApiServer} constructor. Needs the reactor this was made with.
   */
  public List<ExtraRoute> routes(Fetch probeFetch) {
    return routes(probeFetch, "/metrics");
  }

  /** As {@link #routes(Fetch)}, serving the scrape at {@code metricsPath} (config {@code metrics.path}). */
  public List<ExtraRoute> routes(Fetch probeFetch, String metricsPath) {
    return routes(probeFetch, metricsPath, ProbeOptions.DEFAULTS);
  }

  /** As {@link #routes(Fetch, String)}, the probe behaving as {@code probe} says. */
  public List<ExtraRoute> routes(Fetch probeFetch, String metricsPath, ProbeOptions probe) {
    if (reactor == null) {
      throw new IllegalStateException("routes need the reactor: use FetchdMetrics.create");
    }
    return List.of(
        MetricsRoutes.metrics(this, reactor, metricsPath),
        MetricsRoutes.probe(new ProbeHandler(clock, probeFetch, RequestOptions.DEFAULTS.withSha256(false), probe)));
  }

  /**
   * As {@link #routes(Fetch, String, ProbeOptions)}, the probe offering {@code modules}, each
   * probing with the client for its TLS settings.
   *
   * @param modules the probe's modules
   * @param clients the client for each module's {@link ProbeModule#tls()}
   * @param metricsPath the scrape's path
   * @param probe the probe's options
   * @return the routes
   */
  public List<ExtraRoute> routes(ProbeModules modules,
      java.util.function.Function<ProbeModule.Tls, ProbeHandler.Client> clients, String metricsPath,
      ProbeOptions probe) {
    if (reactor == null) {
      throw new IllegalStateException("routes need the reactor: use FetchdMetrics.create");
    }
    return List.of(
        MetricsRoutes.metrics(this, reactor, metricsPath),
        MetricsRoutes.probe(new ProbeHandler(clock, modules, clients, RequestOptions.DEFAULTS.withSha256(false), probe)));
  }

  /**
   * A probe handler fetching with {@code fetch} (normally {@code fetcher::fetch}: not counted as
   * batch work) with the default request options.
   */
  public ProbeHandler probeHandler(Fetch fetch) {
    return new ProbeHandler(clock, fetch);
  }

  /**
   * {@code GET /probe?target=}: runs {@code handler} on the reactor thread and completes (on the
   * reactor thread) with its reply. Any thread.
   */
  public CompletableFuture<HttpReply> probeFromAnyThread(ProbeHandler handler, String target) {
    return probeFromAnyThread(handler, target, null);
  }

  /** As above, with the {@code X-Prometheus-Scrape-Timeout-Seconds} value (null when absent). */
  public CompletableFuture<HttpReply> probeFromAnyThread(ProbeHandler handler, String target, String scrapeTimeout) {
    CompletableFuture<HttpReply> out = new CompletableFuture<>();
    Runnable run = () -> {
      try {
        Deferred<HttpReply> d = handler.probe(target, scrapeTimeout);
        d.addBoth((HttpReply r, io.fetchd.defer.Failure f) -> {
          if (f == null) {
            out.complete(r);
          } else {
            out.completeExceptionally(f.value());
          }
          return null;
        });
      } catch (RuntimeException e) {
        out.completeExceptionally(e);
      }
    };
    if (reactor == null) {
      run.run();
    } else {
      try {
        reactor.callFromThread(run);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        out.completeExceptionally(e);
      }
    }
    return out;
  }

  /** Per-URL series guard (for tests and the app's diagnostics). */
  UrlSeriesGuard urlSeries() {
    return urls;
  }

  UrlSeriesGuard hostSeries() {
    return hosts;
  }

  LoopSampler sampler() {
    return sampler;
  }

  /** Stops everything and closes the registry. Any thread. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    stop();
    closed = true;
    if (gc != null) {
      gc.close();
    }
    scraper.shutdown();
    registry.close();
  }
}
