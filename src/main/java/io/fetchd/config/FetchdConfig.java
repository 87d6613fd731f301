package io.fetchd.config;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import io.fetchd.client.BodyMode;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.RequestOptions;
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
import java.util.Map;
import java.util.Optional;

/**
 * fetchd's whole configuration as loaded by {@link ConfigLoader}: one record per section of
 * {@code config/fetchd.yaml}, with methods that map it onto each component's options record.
 * Every setting, its default and its environment variable are listed in {@code
 * config/fetchd.yaml}. Immutable; any thread.
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
  public static FetchdConfig defaults() {
    return ConfigLoader.load(java.util.Optional.empty(), Map.of());
  }

  /**
   * {@code server.*}: where and how the REST server listens. {@code readinessGrace} is carried for
   * the app, which passes it to {@code ApiServer.shutdown(readinessGrace)}.
   */
  public record ServerSection(
      String host,
      int port,
      int maxRequestBodyBytes,
      int maxInitialLineLength,
      int maxHeaderSize,
      Duration readTimeout,
      Duration drainTimeout,
      Duration readinessGrace,
      Duration requestTimeout,
      int minRequestBodyBytesPerSecond,
      int maxConnections) {}

  /** {@code auth.*}: bearer tokens. {@link #toString()} never shows the tokens. */
  public record AuthSection(List<String> tokens, boolean protectHealthAndMetrics) {
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
  public record ReactorSection(int threads, String transport) {}

  /** {@code fetcher.*}: connection pool, TLS trust, DNS. {@code userAgent} empty means the default. */
  public record FetcherSection(
      int maxConnectionsPerHost,
      int maxInFlight,
      int maxQueuedPerOrigin,
      Duration idleTimeout,
      String trustedCaFile,
      List<String> dnsServers,
      Duration dnsMaxTtl,
      String userAgent) {
    public FetcherSection {
      dnsServers = List.copyOf(dnsServers);
    }
  }

  /** {@code addressPolicy.*}: the SSRF guard's rules. */
  public record AddressPolicySection(
      boolean enabled, List<String> allow, List<String> deny, boolean allowLoopback) {
    /** The allow rules {@code allowLoopback} adds. */
    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    public AddressPolicySection {
      allow = List.copyOf(allow);
      deny = List.copyOf(deny);
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
  public record RequestsSection(DefaultsSection defaults, CeilingsSection ceilings) {}

  /** {@code requests.defaults.*}: used when a request does not say. */
  public record DefaultsSection(
      long timeoutMs,
      long connectTimeoutMs,
      long dnsTimeoutMs,
      long tlsTimeoutMs,
      long firstByteTimeoutMs,
      long idleReadTimeoutMs,
      long queueTimeoutMs,
      boolean followRedirects,
      int maxRedirects,
      long maxBodyBytes,
      BodyMode body,
      boolean sha256,
      int retries,
      long retryBaseDelayMs,
      long retryMaxDelayMs) {}

  /** {@code requests.ceilings.*}: the most an API client may ask for. */
  public record CeilingsSection(
      long maxTimeoutMs,
      long maxConnectTimeoutMs,
      int maxRedirects,
      long maxBodyBytes,
      int maxRetries,
      int maxHeaders) {}

  /** {@code batches.*}: the batch engine's limits. */
  public record BatchesSection(
      int maxUrlsPerBatch,
      int maxConcurrentBatches,
      int maxQueuedUrls,
      int maxInFlightPerBatch,
      Duration jobRetention,
      int maxRetainedJobs) {}

  /**
   * {@code metrics.*}. {@code urlSeriesCap}, {@code urlSeriesIdleTimeout} and {@code
   * dropQueryString} map onto {@link MetricsOptions}; {@code path} is carried for the app (the
   * scrape route's path), and {@code managementPort} and {@code managementHost} (null for {@code
   * server.host}) map onto the management listener's options ({@link #toManagementOptions()});
   * {@code probeTimeoutOffset} and {@code probeModulesFile} onto {@link ProbeOptions} ({@link
   * #toProbeOptions()}).
   */
  public record MetricsSection(
      boolean enabled,
      String path,
      int managementPort,
      String managementHost,
      int urlSeriesCap,
      Duration urlSeriesIdleTimeout,
      boolean dropQueryString,
      Duration probeTimeoutOffset,
      String probeModulesFile) {}

  /**
   * {@code memory.*}: the service's one memory budget. {@code budgetBytes} 0 means automatic
   * ({@link #memoryBudgetBytes}).
   */
  public record MemorySection(long budgetBytes) {}

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
    return new ApiOptions(
        server.host(),
        server.port(),
        server.maxRequestBodyBytes(),
        server.maxInitialLineLength(),
        server.maxHeaderSize(),
        server.readTimeout(),
        auth.tokens(),
        auth.protectHealthAndMetrics(),
        server.drainTimeout(),
        server.requestTimeout(),
        server.minRequestBodyBytesPerSecond(),
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
    return new FetcherConfig(
        fetcher.maxConnectionsPerHost(),
        fetcher.maxInFlight(),
        fetcher.maxQueuedPerOrigin(),
        fetcher.idleTimeout(),
        addressPolicy.toAddressPolicy(),
        fetcher.trustedCaFile() == null ? null : Path.of(fetcher.trustedCaFile()),
        dns,
        fetcher.dnsMaxTtl(),
        fetcher.userAgent().isEmpty() ? Version.USER_AGENT : fetcher.userAgent(),
        false,
        null,
        FetcherConfig.TLS_1_2);
  }

  /** The per-request defaults: {@code requests.defaults.*} over {@link RequestOptions#DEFAULTS}. */
  public RequestOptions toRequestOptions() {
    DefaultsSection d = requests.defaults();
    Timeouts timeouts =
        new Timeouts(
            Duration.ofMillis(d.dnsTimeoutMs()),
            Duration.ofMillis(d.connectTimeoutMs()),
            Duration.ofMillis(d.tlsTimeoutMs()),
            Duration.ofMillis(d.firstByteTimeoutMs()),
            Duration.ofMillis(d.idleReadTimeoutMs()),
            Duration.ofMillis(d.queueTimeoutMs()),
            Duration.ofMillis(d.timeoutMs()));
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
    return new RequestCeilings(
        Duration.ofMillis(c.maxTimeoutMs()),
        Duration.ofMillis(c.maxConnectTimeoutMs()),
        c.maxRedirects(),
        c.maxBodyBytes(),
        c.maxRetries(),
        c.maxHeaders());
  }

  /** The batch engine's limits: {@code batches.*}. */
  public BatchLimits toBatchLimits() {
    return new BatchLimits(
        batches.maxUrlsPerBatch(),
        batches.maxConcurrentBatches(),
        batches.maxQueuedUrls(),
        batches.maxInFlightPerBatch(),
        batches.jobRetention(),
        batches.maxRetainedJobs());
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
