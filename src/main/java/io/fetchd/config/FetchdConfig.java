package io.fetchd.config;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import io.fetchd.client.BodyMode;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.RetryPolicy;
import io.fetchd.client.Timeouts;
import io.fetchd.client.Version;
import io.fetchd.client.policy.AddressPolicy;
import io.fetchd.memory.MemoryBudget;
import io.fetchd.metrics.MetricsOptions;
import io.fetchd.metrics.ProbeOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * fetchd's whole configuration as loaded by {@link ConfigLoader}: one record per section of
 * {@code config/fetchd.yaml}, with methods that map it onto each component's options record.
 * Immutable; any thread.
 *
 * <p>These records are the schema ({@link Schema}): each setting is described once, on its
 * component, with its {@link Doc}, its {@link Range} or {@link Checked} rule, and its default in
 * the section's {@code DEFAULTS}. The file key and the {@code FETCHD_*} variable are derived from
 * the component's path, and {@code config/fetchd.yaml} and the README's table are generated from
 * it ({@code ConfigDocsTest} fails when they are stale and rewrites them when run with {@code
 * -Dfetchd.writeConfigDocs=true}). A new setting is a new component with its doc and its default,
 * and its use in the mapping below.
 *
 * <p>Only the {@code app} package uses this class: components take their own options records and
 * never see the configuration.
 */
public record FetchdConfig(
    ServerSection server,
    AuthSection auth,
    ReactorSection reactor,
    FetcherSection fetcher,
    AddressPolicySection addressPolicy,
    RequestsSection requests,
    BatchesSection batches,
    MetricsSection metrics,
    MemorySection memory) {

  /** The built-in defaults: what {@link ConfigLoader} returns with no file and no environment. */
  public static final FetchdConfig DEFAULTS = new FetchdConfig(ServerSection.DEFAULTS, AuthSection.DEFAULTS,
      ReactorSection.DEFAULTS, FetcherSection.DEFAULTS, AddressPolicySection.DEFAULTS, RequestsSection.DEFAULTS,
      BatchesSection.DEFAULTS, MetricsSection.DEFAULTS, MemorySection.DEFAULTS);

  /** {@link #DEFAULTS}. */
  public static FetchdConfig defaults() {
    return DEFAULTS;
  }

  /**
   * {@code server.*}: where and how the REST server listens. {@code readinessGrace} is carried for
   * the app, which passes it to {@code ApiServer.shutdown(readinessGrace)}.
   */
  public record ServerSection(
      @Doc("address to bind; the container image sets 0.0.0.0") @Checked(TextRule.HOST_NAME)
      String host,
      @Doc("port of the REST server; 0 picks a free one") @Range(min = 0, max = 65535)
      int port,
      @Doc("largest request body read (1 MiB); larger gets 413") @Range(min = 1)
      int maxRequestBodyBytes,
      @Doc("longest request line; longer gets 414") @Range(min = 1)
      int maxInitialLineLength,
      @Doc("largest request head; larger gets 431") @Range(min = 1)
      int maxHeaderSize,
      @Doc("a client silent this long (mid-request or idle) is disconnected") @Range(min = 1)
      Duration readTimeout,
      @Doc("the most a whole request (head and body) may take from its first byte; 408 beyond (unlike"
          + " readTimeout, a byte now and then does not restart it)") @Range(min = 1)
      Duration requestTimeout,
      @Doc("after a 5 s grace, the least average rate a request must arrive at; 408 below; 0 turns the rule off")
      @Range(min = 0)
      int minRequestBodyBytesPerSecond,
      @Doc("most client connections at once: a canned 503 beyond, idle keep-alive ones closed from 90 %; 0"
          + " derives it: min(10000, fd limit - min(1152, fd limit / 2))") @Range(min = 0)
      int maxConnections,
      @Doc("on SIGTERM, how long running batches may finish before being cancelled")
      Duration drainTimeout,
      @Doc("on SIGTERM, how long /readyz answers 503 while everything else is still served, before the socket"
          + " closes (new connections refused) and the drain starts; lets load balancers and Kubernetes endpoints"
          + " stop sending first. 0s closes at once")
      Duration readinessGrace) {
    static final ServerSection DEFAULTS = of(ApiOptions.DEFAULTS, Duration.ofSeconds(5));

    private static ServerSection of(ApiOptions a, Duration readinessGrace) {
      return new ServerSection(a.host(), a.port(), a.maxRequestBodyBytes(), a.maxInitialLineLength(),
          a.maxHeaderSize(), a.readTimeout(), a.requestTimeout(), a.minRequestBodyBytesPerSecond(),
          a.maxConnections(), a.drainTimeout(), readinessGrace);
    }
  }

  /** {@code auth.*}: bearer tokens. {@link #toString()} never shows the tokens. */
  public record AuthSection(
      @Doc("bearer tokens for /v1 and /probe (always needed there when set); empty: auth off")
      @Checked(TextRule.TOKEN)
      List<String> tokens,
      @Doc("whether /healthz, /readyz and /metrics need a token too")
      boolean protectHealthAndMetrics) {
    static final AuthSection DEFAULTS =
        new AuthSection(ApiOptions.DEFAULTS.authTokens(), ApiOptions.DEFAULTS.protectHealthAndMetrics());

    public AuthSection {
      tokens = List.copyOf(tokens);
    }

    @Override
    public String toString() {
      return "AuthSection[tokens=<" + tokens.size() + " redacted>, protectHealthAndMetrics="
          + protectHealthAndMetrics + "]";
    }
  }

  /** {@code reactor.*}. */
  public record ReactorSection(
      @Doc("event-loop threads; batches, timers and fetches run on the first") @Range(min = 1, max = 1024)
      int threads,
      @Doc("auto (epoll where available, else nio), epoll, nio, or io_uring (opt-in)") @Checked(TextRule.TRANSPORT)
      String transport) {
    static final ReactorSection DEFAULTS = new ReactorSection(1, "auto");
  }

  /** {@code fetcher.*}: connection pool, TLS trust, DNS. {@code userAgent} empty means the default. */
  public record FetcherSection(
      @Doc("requests in flight per origin (scheme://host:port)") @Range(min = 1)
      int maxConnectionsPerHost,
      @Doc("requests in flight across all origins") @Range(min = 1)
      int maxInFlight,
      @Doc("requests waiting for a slot per origin before failing with QueueFull") @Range(min = 0)
      int maxQueuedPerOrigin,
      @Doc("how long an idle pooled connection is kept (below servers' 5 s)")
      Duration idleTimeout,
      @Doc("PEM file of CA certificates to trust instead of the JDK's; null for the JDK's")
      @Checked(TextRule.READABLE_FILE)
      String trustedCaFile,
      @Doc("DNS servers as IP:port, e.g. [1.1.1.1:53]; empty for /etc/resolv.conf") @Checked(TextRule.DNS_SERVER)
      List<String> dnsServers,
      @Doc("longest a DNS answer is cached, whatever its TTL")
      Duration dnsMaxTtl,
      @Doc("User-Agent unless a request sets one; empty for fetchd/<version>") @Checked(TextRule.USER_AGENT)
      String userAgent) {
    static final FetcherSection DEFAULTS = of(FetcherConfig.DEFAULTS);

    public FetcherSection {
      dnsServers = List.copyOf(dnsServers);
    }

    private static FetcherSection of(FetcherConfig f) {
      return new FetcherSection(f.maxConnectionsPerHost(), f.maxInFlight(), f.maxQueuedPerOrigin(), f.idleTimeout(),
          null, List.of(), f.dnsMaxTtl(), "");
    }
  }

  /** {@code addressPolicy.*}: the SSRF guard's rules. */
  public record AddressPolicySection(
      @Doc("refuse loopback, private, link-local, metadata and other internal addresses")
      boolean enabled,
      @Doc("exceptions, CIDR with optional port: 10.1.0.0/16, 127.0.0.1/32:8081, [::1]/128:8081")
      @Checked(TextRule.ALLOW_RULE)
      List<String> allow,
      @Doc("CIDRs always refused, even when allowed or when enabled is false") @Checked(TextRule.DENY_RULE)
      List<String> deny,
      @Doc("local development only: also allow 127.0.0.0/8 and ::1/128")
      boolean allowLoopback) {
    static final AddressPolicySection DEFAULTS = new AddressPolicySection(true, List.of(), List.of(), false);

    /** The allow rules {@code allowLoopback} adds. */
    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    public AddressPolicySection {
      allow = List.copyOf(allow);
      deny = List.copyOf(deny);
    }

    /** This section with {@code allowLoopback} set. */
    public AddressPolicySection withAllowLoopback(boolean allowLoopback) {
      return new AddressPolicySection(enabled, allow, deny, allowLoopback);
    }

    /** The policy: {@code allow} plus {@link #LOOPBACK} when {@code allowLoopback}, {@code deny}. */
    public AddressPolicy toAddressPolicy() {
      List<String> rules = new ArrayList<>();
      for (String a : allow) {
        rules.add(a.trim());
      }
      if (allowLoopback) {
        rules.addAll(LOOPBACK);
      }
      AddressPolicy.Builder b = AddressPolicy.builder().enabled(enabled).allow(rules.toArray(String[]::new));
      for (String d : deny) {
        b.deny(d.trim());
      }
      return b.build();
    }
  }

  /** {@code requests.*}: per-request defaults and the ceilings on what API clients may ask. */
  public record RequestsSection(
      @Doc("used when a request does not say") DefaultsSection defaults,
      @Doc("the most an API client may ask for (400 beyond)") CeilingsSection ceilings) {
    static final RequestsSection DEFAULTS = new RequestsSection(DefaultsSection.DEFAULTS, CeilingsSection.DEFAULTS);
  }

  /** {@code requests.defaults.*}: used when a request does not say. */
  public record DefaultsSection(
      @Doc("deadline of a whole fetch, queueing, redirects and retries included") @Range(min = 1, max = DAY_MS)
      @AtMost("requests.ceilings.maxTimeoutMs")
      long timeoutMs,
      @Doc("TCP connect") @Range(min = 1, max = DAY_MS) @AtMost("requests.ceilings.maxConnectTimeoutMs")
      long connectTimeoutMs,
      @Doc("name resolution") @Range(min = 1, max = DAY_MS)
      long dnsTimeoutMs,
      @Doc("TLS handshake") @Range(min = 1, max = DAY_MS)
      long tlsTimeoutMs,
      @Doc("from the request written to the first response byte") @Range(min = 1, max = DAY_MS)
      long firstByteTimeoutMs,
      @Doc("no response byte for this long while reading") @Range(min = 1, max = DAY_MS)
      long idleReadTimeoutMs,
      @Doc("waiting for a connection slot") @Range(min = 1, max = DAY_MS)
      long queueTimeoutMs,
      @Doc("follow 301/302/303/307/308")
      boolean followRedirects,
      @Doc("most redirects followed (at most 20)") @Range(min = 0, max = 20) @AtMost("requests.ceilings.maxRedirects")
      int maxRedirects,
      @Doc("most body bytes read (10 MiB); more fails with BodyTooLarge") @Range(min = 0)
      @AtMost("requests.ceilings.maxBodyBytes")
      long maxBodyBytes,
      @Doc("what is kept of a body: none (size and SHA-256 only), text or base64")
      BodyMode body,
      @Doc("compute each body's SHA-256 (false: results carry no sha256)")
      boolean sha256,
      @Doc("retries after the first attempt (connect failures, early resets, 429/502/503/504)")
      @Range(min = 0, max = 10) @AtMost("requests.ceilings.maxRetries")
      int retries,
      @Doc("backoff base: full jitter, doubling per retry") @Range(min = 0, max = DAY_MS)
      @AtMost("requests.defaults.retryMaxDelayMs")
      long retryBaseDelayMs,
      @Doc("backoff ceiling") @Range(min = 0, max = DAY_MS)
      long retryMaxDelayMs) {
    static final DefaultsSection DEFAULTS = of(RequestOptions.DEFAULTS);

    private static DefaultsSection of(RequestOptions r) {
      Timeouts t = r.timeouts();
      RetryPolicy retry = r.retry();
      return new DefaultsSection(t.deadline().toMillis(), t.connect().toMillis(), t.dns().toMillis(),
          t.tlsHandshake().toMillis(), t.firstByte().toMillis(), t.idleRead().toMillis(), t.queue().toMillis(),
          r.followRedirects(), r.maxRedirects(), r.maxBodyBytes(), r.body(), r.sha256(), retry.maxRetries(),
          retry.baseDelay().toMillis(), retry.maxDelay().toMillis());
    }
  }

  /** {@code requests.ceilings.*}: the most an API client may ask for. */
  public record CeilingsSection(
      @Doc("largest timeoutMs") @Range(min = 1, max = DAY_MS)
      long maxTimeoutMs,
      @Doc("largest connectTimeoutMs") @Range(min = 1, max = DAY_MS)
      long maxConnectTimeoutMs,
      @Doc("largest maxRedirects") @Range(min = 0, max = 20)
      int maxRedirects,
      @Doc("largest maxBodyBytes (50 MiB)") @Range(min = 0)
      long maxBodyBytes,
      @Doc("largest retries") @Range(min = 0, max = 10)
      int maxRetries,
      @Doc("most request headers") @Range(min = 0)
      int maxHeaders) {
    static final CeilingsSection DEFAULTS = of(RequestCeilings.DEFAULTS);

    private static CeilingsSection of(RequestCeilings c) {
      return new CeilingsSection(c.maxTimeout().toMillis(), c.maxConnectTimeout().toMillis(), c.maxRedirects(),
          c.maxBodyBytes(), c.maxRetries(), c.maxHeaders());
    }
  }

  /** {@code batches.*}: the batch engine's limits. */
  public record BatchesSection(
      @Doc("most URLs in one batch (413 beyond)") @Range(min = 1) @AtMost("batches.maxQueuedUrls")
      int maxUrlsPerBatch,
      @Doc("batches running at once (503 beyond)") @Range(min = 1)
      int maxConcurrentBatches,
      @Doc("URLs without an outcome across running batches (503 beyond)") @Range(min = 1)
      int maxQueuedUrls,
      @Doc("fetches one batch runs at once; the rest wait inside the batch") @Range(min = 1)
      int maxInFlightPerBatch,
      @Doc("how long a finished job stays readable")
      Duration jobRetention,
      @Doc("finished jobs kept at most, oldest dropped first") @Range(min = 0)
      int maxRetainedJobs) {
    static final BatchesSection DEFAULTS = of(BatchLimits.DEFAULTS);

    private static BatchesSection of(BatchLimits b) {
      return new BatchesSection(b.maxUrlsPerBatch(), b.maxConcurrentBatches(), b.maxQueuedUrls(),
          b.maxInFlightPerBatch(), b.jobRetention(), b.maxRetainedJobs());
    }
  }

  /**
   * {@code metrics.*}. {@code urlSeriesCap}, {@code urlSeriesIdleTimeout} and {@code
   * dropQueryString} map onto {@link MetricsOptions}; {@code path} is carried for the app (the
   * scrape route's path), and {@code managementPort} and {@code managementHost} (null for {@code
   * server.host}) map onto the management listener's options ({@link #toManagementOptions()});
   * {@code probeTimeoutOffset} and {@code probeModulesFile} onto {@link ProbeOptions} ({@link
   * #toProbeOptions()}).
   */
  public record MetricsSection(
      @Doc("serve Prometheus metrics")
      boolean enabled,
      @Doc("path of the metrics endpoint") @Checked(TextRule.URL_PATH)
      String path,
      @Doc("separate port for /metrics and /probe (and /healthz, /readyz), which are then not served on"
          + " server.port; 0 serves them on server.port") @Range(min = 0, max = 65535)
      int managementPort,
      @Doc("address the management port binds; null for server.host") @Checked(TextRule.HOST_NAME)
      String managementHost,
      @Doc("most per-URL series kept; the least recently used is evicted") @Range(min = 0)
      int urlSeriesCap,
      @Doc("a per-URL series unused this long is removed") @Range(min = 1)
      Duration urlSeriesIdleTimeout,
      @Doc("strip query strings from URL labels")
      boolean dropQueryString,
      @Doc("/probe answers by X-Prometheus-Scrape-Timeout-Seconds less this (blackbox's --timeout-offset), so"
          + " Prometheus gets probe_success 0 rather than a timeout")
      Duration probeTimeoutOffset,
      @Doc("blackbox_exporter configuration (blackbox.yml) whose http modules /probe offers (blackbox's"
          + " --config.file); an unsupported key refuses the start; null: http_2xx") @Checked(TextRule.READABLE_FILE)
      String probeModulesFile) {
    static final MetricsSection DEFAULTS = of(MetricsOptions.DEFAULTS, ProbeOptions.DEFAULTS);

    private static MetricsSection of(MetricsOptions m, ProbeOptions p) {
      return new MetricsSection(true, "/metrics", 0, null, m.maxUrlSeries(), m.seriesIdleTimeout(),
          !m.keepQueryString(), p.timeoutOffset(), p.modulesFile() == null ? null : p.modulesFile().toString());
    }
  }

  /**
   * {@code memory.*}: the service's one memory budget. {@code budgetBytes} 0 means automatic
   * ({@link #memoryBudgetBytes}).
   */
  public record MemorySection(
      @Doc("bytes the service may hold for clients: request bodies being received, finished jobs' outcomes,"
          + " /v1/fetch results not yet written, kept bodies (body: text|base64), responses queued for slow"
          + " readers. Past it: 503 Overloaded (or MemoryBudgetExceeded for a kept body). 0: half of the smaller"
          + " of the heap (-Xmx) and direct-memory maximums") @Range(min = 0)
      long budgetBytes) {
    static final MemorySection DEFAULTS = new MemorySection(0);
  }

  /** A day in milliseconds: the bound of the {@code *Ms} timeouts. */
  static final long DAY_MS = 86_400_000L;

  // ------------------------------------------------------------------ mapping

  /**
   * {@code memory.budgetBytes}, or when it is 0 {@link MemoryBudget#defaultLimit} of the JVM's
   * limits: half of the smaller of {@code maxHeapBytes} and {@code maxDirectBytes}.
   */
  public long memoryBudgetBytes(long maxHeapBytes, long maxDirectBytes) {
    return memory.budgetBytes() > 0 ? memory.budgetBytes() : MemoryBudget.defaultLimit(maxHeapBytes, maxDirectBytes);
  }

  /** The REST server's options: {@code server.*} and {@code auth.*}. */
  public ApiOptions toApiOptions() {
    return new ApiOptions(server.host(), server.port(), server.maxRequestBodyBytes(), server.maxInitialLineLength(),
        server.maxHeaderSize(), server.readTimeout(), auth.tokens(), auth.protectHealthAndMetrics(),
        server.drainTimeout(), server.requestTimeout(), server.minRequestBodyBytesPerSecond(),
        server.maxConnections());
  }

  /**
   * The management listener's options when {@code metrics.managementPort} is set: the API's
   * options ({@link #toApiOptions()}: request caps, read timeout, auth) on {@code
   * metrics.managementHost} (else {@code server.host}) and {@code metrics.managementPort}. Empty
   * when the port is 0, i.e. /metrics and /probe are served on the API port.
   */
  public Optional<ApiOptions> toManagementOptions() {
    if (metrics.managementPort() == 0) {
      return Optional.empty();
    }
    String host = metrics.managementHost() == null ? server.host() : metrics.managementHost();
    return Optional.of(toApiOptions().withHost(host).withPort(metrics.managementPort()));
  }

  /** The fetcher's configuration: {@code fetcher.*} and {@code addressPolicy.*}. */
  public FetcherConfig toFetcherConfig() {
    List<InetSocketAddress> dns = new ArrayList<>();
    for (String s : fetcher.dnsServers()) {
      dns.add(DnsServers.parse(s));
    }
    return new FetcherConfig(fetcher.maxConnectionsPerHost(), fetcher.maxInFlight(), fetcher.maxQueuedPerOrigin(),
        fetcher.idleTimeout(), addressPolicy.toAddressPolicy(),
        fetcher.trustedCaFile() == null ? null : Path.of(fetcher.trustedCaFile()), dns, fetcher.dnsMaxTtl(),
        fetcher.userAgent().isEmpty() ? Version.USER_AGENT : fetcher.userAgent(), false, null, FetcherConfig.TLS_1_2);
  }

  /** The per-request defaults: {@code requests.defaults.*} over {@link RequestOptions#DEFAULTS}. */
  public RequestOptions toRequestOptions() {
    DefaultsSection d = requests.defaults();
    Timeouts timeouts = new Timeouts(Duration.ofMillis(d.dnsTimeoutMs()), Duration.ofMillis(d.connectTimeoutMs()),
        Duration.ofMillis(d.tlsTimeoutMs()), Duration.ofMillis(d.firstByteTimeoutMs()),
        Duration.ofMillis(d.idleReadTimeoutMs()), Duration.ofMillis(d.queueTimeoutMs()), Duration.ofMillis(d.timeoutMs()));
    // The API and the command line never show response headers: not keeping them lets a
    // 100,000-URL batch hold its results in a bounded heap.
    return RequestOptions.DEFAULTS
        .withKeepHeaders(false)
        .withBody(d.body())
        .withSha256(d.sha256())
        .withMaxBodyBytes(d.maxBodyBytes())
        .withFollowRedirects(d.followRedirects())
        .withMaxRedirects(d.maxRedirects())
        .withTimeouts(timeouts)
        .withRetry(
            RequestOptions.DEFAULTS.retry()
                .withMaxRetries(d.retries())
                .withBaseDelay(Duration.ofMillis(d.retryBaseDelayMs()))
                .withMaxDelay(Duration.ofMillis(d.retryMaxDelayMs())));
  }

  /** The ceilings on API clients' options: {@code requests.ceilings.*}. */
  public RequestCeilings toCeilings() {
    CeilingsSection c = requests.ceilings();
    return new RequestCeilings(Duration.ofMillis(c.maxTimeoutMs()), Duration.ofMillis(c.maxConnectTimeoutMs()),
        c.maxRedirects(), c.maxBodyBytes(), c.maxRetries(), c.maxHeaders());
  }

  /** The batch engine's limits: {@code batches.*}. */
  public BatchLimits toBatchLimits() {
    return new BatchLimits(batches.maxUrlsPerBatch(), batches.maxConcurrentBatches(), batches.maxQueuedUrls(),
        batches.maxInFlightPerBatch(), batches.jobRetention(), batches.maxRetainedJobs());
  }

  /** The metrics component's options: {@code metrics.*} over {@link MetricsOptions#DEFAULTS}. */
  public MetricsOptions toMetricsOptions() {
    return MetricsOptions.DEFAULTS
        .withMaxUrlSeries(metrics.urlSeriesCap())
        .withSeriesIdleTimeout(metrics.urlSeriesIdleTimeout())
        .withKeepQueryString(!metrics.dropQueryString());
  }

  /** The probe's options: {@code metrics.probe*}. */
  public ProbeOptions toProbeOptions() {
    return new ProbeOptions(metrics.probeTimeoutOffset(),
        metrics.probeModulesFile() == null ? null : Path.of(metrics.probeModulesFile()));
  }

  /** {@code reactor.threads}. */
  public int reactorThreads() {
    return reactor.threads();
  }

  /** {@code reactor.transport}: the named transport, or the default when it is not available here. */
  public io.fetchd.reactor.Transport reactorTransport() {
    return io.fetchd.reactor.Transport.parse(reactor.transport());
  }
}
