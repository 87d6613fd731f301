package io.fetchd.config;

import io.fetchd.api.http.ApiOptions;
import io.fetchd.api.route.RequestCeilings;
import io.fetchd.batch.BatchLimits;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.RetryPolicy;
import io.fetchd.client.Timeouts;
import io.fetchd.client.policy.AllowRule;
import io.fetchd.client.policy.Cidr;
import io.fetchd.metrics.ProbeOptions;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Every configuration setting: its dotted path in the file, its type, its built-in default (taken
 * from the owning component's options record, so there is one source of truth), its bounds and
 * what it means. The environment variable of a setting is derived from its path:
 * {@code server.port} is {@code FETCHD_SERVER_PORT}, {@code addressPolicy.allowLoopback} is
 * {@code FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK}.
 *
 * <p>This enum is the documentation of the configuration; {@code config/fetchd.yaml} mirrors it
 * and a test keeps the two in step. Immutable; any thread.
 */
enum Setting {
  SERVER_HOST("server.host", ValueKind.STRING, ApiOptions.DEFAULTS.host(), Checks::hostName,
      "address the REST server binds"),
  SERVER_PORT("server.port", ValueKind.INT, ApiOptions.DEFAULTS.port(), 0, 65535,
      "port of the REST server; 0 picks a free one"),
  SERVER_MAX_REQUEST_BODY_BYTES("server.maxRequestBodyBytes", ValueKind.INT,
      ApiOptions.DEFAULTS.maxRequestBodyBytes(), 1, Integer.MAX_VALUE, "largest request body read (413 beyond)"),
  SERVER_MAX_INITIAL_LINE_LENGTH("server.maxInitialLineLength", ValueKind.INT,
      ApiOptions.DEFAULTS.maxInitialLineLength(), 1, Integer.MAX_VALUE, "longest request line (414 beyond)"),
  SERVER_MAX_HEADER_SIZE("server.maxHeaderSize", ValueKind.INT, ApiOptions.DEFAULTS.maxHeaderSize(), 1,
      Integer.MAX_VALUE, "largest request head (431 beyond)"),
  SERVER_READ_TIMEOUT("server.readTimeout", ValueKind.DURATION, ApiOptions.DEFAULTS.readTimeout(), 1, Long.MAX_VALUE,
      "a client silent this long is disconnected"),
  SERVER_REQUEST_TIMEOUT("server.requestTimeout", ValueKind.DURATION, ApiOptions.DEFAULTS.requestTimeout(), 1,
      Long.MAX_VALUE, "the most a whole request (head and body) may take from its first byte (408 beyond)"),
  SERVER_MIN_REQUEST_BODY_BYTES_PER_SECOND("server.minRequestBodyBytesPerSecond", ValueKind.INT,
      ApiOptions.DEFAULTS.minRequestBodyBytesPerSecond(), 0, Integer.MAX_VALUE,
      "after a 5 s grace, the least average rate a request must arrive at (408 below); 0 turns it off"),
  SERVER_MAX_CONNECTIONS("server.maxConnections", ValueKind.INT, ApiOptions.DEFAULTS.maxConnections(), 0,
      Integer.MAX_VALUE,
      "most client connections at once (503 beyond, idle ones shed from 90 %); 0: min(10000, fd limit - reserve)"),
  SERVER_DRAIN_TIMEOUT("server.drainTimeout", ValueKind.DURATION, ApiOptions.DEFAULTS.drainTimeout(), 0,
      Long.MAX_VALUE, "on shutdown, how long running batches may finish before being cancelled"),
  SERVER_READINESS_GRACE("server.readinessGrace", ValueKind.DURATION, Duration.ofSeconds(5), 0, Long.MAX_VALUE,
      "on shutdown, how long /readyz answers 503 while everything is still served, before the socket closes"
          + " (new connections refused from then on) and the drain starts; 0s closes at once"),

  AUTH_TOKENS("auth.tokens", ValueKind.STRING_LIST, ApiOptions.DEFAULTS.authTokens(), Checks::token,
      "bearer tokens accepted on /v1 and /probe (which always need one when set); empty turns auth off"),
  AUTH_PROTECT_HEALTH_AND_METRICS("auth.protectHealthAndMetrics", ValueKind.BOOLEAN,
      ApiOptions.DEFAULTS.protectHealthAndMetrics(), "whether /healthz, /readyz and /metrics need a token too"),

  REACTOR_THREADS("reactor.threads", ValueKind.INT, 1, 1, 1024,
      "event-loop threads; batches, timers and fetches run on the first"),
  REACTOR_TRANSPORT("reactor.transport", ValueKind.STRING, "auto", Checks::transport,
      "I/O transport: auto (epoll where available, else nio), epoll, nio or io_uring (opt-in)"),

  FETCHER_MAX_CONNECTIONS_PER_HOST("fetcher.maxConnectionsPerHost", ValueKind.INT,
      FetcherConfig.DEFAULTS.maxConnectionsPerHost(), 1, Integer.MAX_VALUE, "requests in flight per origin"),
  FETCHER_MAX_IN_FLIGHT("fetcher.maxInFlight", ValueKind.INT, FetcherConfig.DEFAULTS.maxInFlight(), 1,
      Integer.MAX_VALUE, "requests in flight across all origins"),
  FETCHER_MAX_QUEUED_PER_ORIGIN("fetcher.maxQueuedPerOrigin", ValueKind.INT,
      FetcherConfig.DEFAULTS.maxQueuedPerOrigin(), 0, Integer.MAX_VALUE,
      "requests waiting for a slot per origin before QueueFull"),
  FETCHER_IDLE_TIMEOUT("fetcher.idleTimeout", ValueKind.DURATION, FetcherConfig.DEFAULTS.idleTimeout(), 0,
      Long.MAX_VALUE, "how long an idle pooled connection is kept"),
  FETCHER_TRUSTED_CA_FILE("fetcher.trustedCaFile", ValueKind.OPTIONAL_STRING, null, Checks::readableFile,
      "PEM file of CA certificates to trust instead of the JDK's; empty for the JDK's"),
  FETCHER_DNS_SERVERS("fetcher.dnsServers", ValueKind.STRING_LIST, List.of(), Checks::dnsServer,
      "DNS servers as host:port (IP literals); empty for /etc/resolv.conf"),
  FETCHER_DNS_MAX_TTL("fetcher.dnsMaxTtl", ValueKind.DURATION, FetcherConfig.DEFAULTS.dnsMaxTtl(), 0,
      Long.MAX_VALUE, "longest a DNS answer is cached"),
  FETCHER_USER_AGENT("fetcher.userAgent", ValueKind.STRING, "", Checks::headerValue,
      "User-Agent sent unless a request sets one; empty for fetchd/<version>"),

  ADDRESS_POLICY_ENABLED("addressPolicy.enabled", ValueKind.BOOLEAN, true,
      "refuse private, loopback, link-local and other internal destinations (deny rules apply always)"),
  ADDRESS_POLICY_ALLOW("addressPolicy.allow", ValueKind.STRING_LIST, List.of(), Checks::allowRule,
      "exceptions: CIDR with optional port, e.g. 10.0.0.0/8 or 127.0.0.1/32:8081 or [::1]/128:8081"),
  ADDRESS_POLICY_DENY("addressPolicy.deny", ValueKind.STRING_LIST, List.of(), Checks::denyRule,
      "CIDRs always refused, even when allowed or disabled"),
  ADDRESS_POLICY_ALLOW_LOOPBACK("addressPolicy.allowLoopback", ValueKind.BOOLEAN, false,
      "local development only: allow 127.0.0.0/8 and ::1/128"),

  REQUESTS_DEFAULTS_TIMEOUT_MS("requests.defaults.timeoutMs", ValueKind.MILLIS, ms(Timeouts.DEFAULTS.deadline()),
      1, 86_400_000, "deadline of a whole fetch: queueing, redirects, retries included"),
  REQUESTS_DEFAULTS_CONNECT_TIMEOUT_MS("requests.defaults.connectTimeoutMs", ValueKind.MILLIS,
      ms(Timeouts.DEFAULTS.connect()), 1, 86_400_000, "TCP connect"),
  REQUESTS_DEFAULTS_DNS_TIMEOUT_MS("requests.defaults.dnsTimeoutMs", ValueKind.MILLIS, ms(Timeouts.DEFAULTS.dns()),
      1, 86_400_000, "name resolution"),
  REQUESTS_DEFAULTS_TLS_TIMEOUT_MS("requests.defaults.tlsTimeoutMs", ValueKind.MILLIS,
      ms(Timeouts.DEFAULTS.tlsHandshake()), 1, 86_400_000, "TLS handshake"),
  REQUESTS_DEFAULTS_FIRST_BYTE_TIMEOUT_MS("requests.defaults.firstByteTimeoutMs", ValueKind.MILLIS,
      ms(Timeouts.DEFAULTS.firstByte()), 1, 86_400_000, "request written to first response byte"),
  REQUESTS_DEFAULTS_IDLE_READ_TIMEOUT_MS("requests.defaults.idleReadTimeoutMs", ValueKind.MILLIS,
      ms(Timeouts.DEFAULTS.idleRead()), 1, 86_400_000, "no response byte for this long while reading"),
  REQUESTS_DEFAULTS_QUEUE_TIMEOUT_MS("requests.defaults.queueTimeoutMs", ValueKind.MILLIS,
      ms(Timeouts.DEFAULTS.queue()), 1, 86_400_000, "waiting for a connection slot"),
  REQUESTS_DEFAULTS_FOLLOW_REDIRECTS("requests.defaults.followRedirects", ValueKind.BOOLEAN,
      RequestOptions.DEFAULTS.followRedirects(), "follow 301/302/303/307/308"),
  REQUESTS_DEFAULTS_MAX_REDIRECTS("requests.defaults.maxRedirects", ValueKind.INT,
      RequestOptions.DEFAULTS.maxRedirects(), 0, 20, "most redirects followed"),
  REQUESTS_DEFAULTS_MAX_BODY_BYTES("requests.defaults.maxBodyBytes", ValueKind.LONG,
      RequestOptions.DEFAULTS.maxBodyBytes(), 0, Long.MAX_VALUE, "most body bytes read (BodyTooLarge beyond)"),
  REQUESTS_DEFAULTS_BODY("requests.defaults.body", ValueKind.BODY, RequestOptions.DEFAULTS.body(),
      "what is kept of a body: none (size and SHA-256), text or base64"),
  REQUESTS_DEFAULTS_SHA256("requests.defaults.sha256", ValueKind.BOOLEAN, RequestOptions.DEFAULTS.sha256(),
      "compute each body's SHA-256 (false: the sha256 field is absent)"),
  REQUESTS_DEFAULTS_RETRIES("requests.defaults.retries", ValueKind.INT, RetryPolicy.NONE.maxRetries(), 0, 10,
      "retries after the first attempt (connect failures, early resets, 429/502/503/504)"),
  REQUESTS_DEFAULTS_RETRY_BASE_DELAY_MS("requests.defaults.retryBaseDelayMs", ValueKind.MILLIS,
      ms(RetryPolicy.NONE.baseDelay()), 0, 86_400_000, "backoff base (full jitter, doubling)"),
  REQUESTS_DEFAULTS_RETRY_MAX_DELAY_MS("requests.defaults.retryMaxDelayMs", ValueKind.MILLIS,
      ms(RetryPolicy.NONE.maxDelay()), 0, 86_400_000, "backoff ceiling"),

  REQUESTS_CEILINGS_MAX_TIMEOUT_MS("requests.ceilings.maxTimeoutMs", ValueKind.MILLIS,
      ms(RequestCeilings.DEFAULTS.maxTimeout()), 1, 86_400_000, "largest timeoutMs a client may ask for"),
  REQUESTS_CEILINGS_MAX_CONNECT_TIMEOUT_MS("requests.ceilings.maxConnectTimeoutMs", ValueKind.MILLIS,
      ms(RequestCeilings.DEFAULTS.maxConnectTimeout()), 1, 86_400_000,
      "largest connectTimeoutMs a client may ask for"),
  REQUESTS_CEILINGS_MAX_REDIRECTS("requests.ceilings.maxRedirects", ValueKind.INT,
      RequestCeilings.DEFAULTS.maxRedirects(), 0, 20, "largest maxRedirects a client may ask for"),
  REQUESTS_CEILINGS_MAX_BODY_BYTES("requests.ceilings.maxBodyBytes", ValueKind.LONG,
      RequestCeilings.DEFAULTS.maxBodyBytes(), 0, Long.MAX_VALUE, "largest maxBodyBytes a client may ask for"),
  REQUESTS_CEILINGS_MAX_RETRIES("requests.ceilings.maxRetries", ValueKind.INT, RequestCeilings.DEFAULTS.maxRetries(),
      0, 10, "largest retries a client may ask for"),
  REQUESTS_CEILINGS_MAX_HEADERS("requests.ceilings.maxHeaders", ValueKind.INT, RequestCeilings.DEFAULTS.maxHeaders(),
      0, Integer.MAX_VALUE, "most request headers a client may set"),

  BATCHES_MAX_URLS_PER_BATCH("batches.maxUrlsPerBatch", ValueKind.INT, BatchLimits.DEFAULTS.maxUrlsPerBatch(), 1,
      Integer.MAX_VALUE, "most URLs in one batch"),
  BATCHES_MAX_CONCURRENT_BATCHES("batches.maxConcurrentBatches", ValueKind.INT,
      BatchLimits.DEFAULTS.maxConcurrentBatches(), 1, Integer.MAX_VALUE, "batches running at once (503 beyond)"),
  BATCHES_MAX_QUEUED_URLS("batches.maxQueuedUrls", ValueKind.INT, BatchLimits.DEFAULTS.maxQueuedUrls(), 1,
      Integer.MAX_VALUE, "URLs without an outcome across running batches (503 beyond)"),
  BATCHES_MAX_IN_FLIGHT_PER_BATCH("batches.maxInFlightPerBatch", ValueKind.INT,
      BatchLimits.DEFAULTS.maxInFlightPerBatch(), 1, Integer.MAX_VALUE, "fetches one batch runs at once"),
  BATCHES_JOB_RETENTION("batches.jobRetention", ValueKind.DURATION, BatchLimits.DEFAULTS.jobRetention(), 0,
      Long.MAX_VALUE, "how long a finished job stays readable"),
  BATCHES_MAX_RETAINED_JOBS("batches.maxRetainedJobs", ValueKind.INT, BatchLimits.DEFAULTS.maxRetainedJobs(), 0,
      Integer.MAX_VALUE, "finished jobs kept at most (oldest dropped first)"),

  METRICS_ENABLED("metrics.enabled", ValueKind.BOOLEAN, true, "serve Prometheus metrics"),
  METRICS_PATH("metrics.path", ValueKind.STRING, "/metrics", Checks::urlPath, "path of the metrics endpoint"),
  METRICS_MANAGEMENT_PORT("metrics.managementPort", ValueKind.INT, 0, 0, 65535,
      "separate port for /metrics and /probe (plus /healthz, /readyz); 0 serves them on server.port"),
  METRICS_MANAGEMENT_HOST("metrics.managementHost", ValueKind.OPTIONAL_STRING, null, Checks::hostName,
      "address the management port binds; empty for server.host"),
  METRICS_URL_SERIES_CAP("metrics.urlSeriesCap", ValueKind.INT, 1000, 0, Integer.MAX_VALUE,
      "most per-URL series kept (least recently used evicted)"),
  METRICS_URL_SERIES_IDLE_TIMEOUT("metrics.urlSeriesIdleTimeout", ValueKind.DURATION, Duration.ofMinutes(10), 1,
      Long.MAX_VALUE, "a per-URL series unused this long is removed"),
  METRICS_DROP_QUERY_STRING("metrics.dropQueryString", ValueKind.BOOLEAN, true,
      "strip query strings from URL labels"),
  METRICS_PROBE_TIMEOUT_OFFSET("metrics.probeTimeoutOffset", ValueKind.DURATION,
      ProbeOptions.DEFAULTS.timeoutOffset(), 0, Long.MAX_VALUE,
      "/probe answers by X-Prometheus-Scrape-Timeout-Seconds less this (blackbox's --timeout-offset)"),
  METRICS_PROBE_MODULES_FILE("metrics.probeModulesFile", ValueKind.OPTIONAL_STRING, null, Checks::readableFile,
      "blackbox_exporter configuration whose http modules /probe offers (blackbox's --config.file);"
          + " empty: http_2xx alone"),

  MEMORY_BUDGET_BYTES("memory.budgetBytes", ValueKind.LONG, 0L, 0, Long.MAX_VALUE,
      "bytes the service may hold for clients (request bodies, finished jobs, unwritten results, kept bodies,"
          + " queued responses);"
          + " 0: half of the smaller of the heap and direct-memory maximums");

  /** A check of one text value (or list item): the problem, or null when fine. */
  @FunctionalInterface
  interface Check {
    String problem(String value);
  }

  private final String path;
  private final ValueKind kind;
  private final Object defaultValue;
  private final long min;
  private final long max;
  private final Check check;
  private final String doc;

  Setting(String path, ValueKind kind, Object defaultValue, String doc) {
    this(path, kind, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE, null, doc);
  }

  Setting(String path, ValueKind kind, Object defaultValue, Check check, String doc) {
    this(path, kind, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE, check, doc);
  }

  Setting(String path, ValueKind kind, Object defaultValue, long min, long max, String doc) {
    this(path, kind, defaultValue, min, max, null, doc);
  }

  Setting(String path, ValueKind kind, Object defaultValue, long min, long max, Check check, String doc) {
    this.path = path;
    this.kind = kind;
    this.defaultValue = normalized(kind, defaultValue);
    this.min = min;
    this.max = max;
    this.check = check;
    this.doc = doc;
  }

  private static Object normalized(ValueKind kind, Object v) {
    if (v instanceof Number n && kind != ValueKind.INT) {
      return n.longValue();
    }
    return v;
  }

  private static long ms(Duration d) {
    return d.toMillis();
  }

  /** The dotted path, e.g. {@code server.port}. */
  String path() {
    return path;
  }

  ValueKind kind() {
    return kind;
  }

  /** The built-in default, in the type {@link #value} returns. */
  Object defaultValue() {
    return defaultValue;
  }

  /** One line on what the setting means. */
  String doc() {
    return doc;
  }

  /** The overriding environment variable, e.g. {@code FETCHD_ADDRESS_POLICY_ALLOW_LOOPBACK}. */
  String envName() {
    return "FETCHD_" + path.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /**
   * Checks a value read by {@link ValueKind} against this setting's bounds and rules and returns
   * it in its final type (Integer, Long, Boolean, Duration, String, List, BodyMode).
   *
   * @throws IllegalArgumentException with the problem alone; for a list item the message starts
   *     with its index in brackets, e.g. {@code [1] invalid allow rule ...}
   */
  Object value(Object parsed) {
    if (parsed instanceof BigInteger n) {
      if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
        throw new IllegalArgumentException(rangeRule() + ", got " + n);
      }
      return kind == ValueKind.INT ? (Object) n.intValue() : (Object) n.longValue();
    }
    if (parsed instanceof Duration d && d.toMillis() < min) {
      throw new IllegalArgumentException(
          (min == 1 ? "must be longer than 0" : "must be at least " + min + "ms") + ", got " + ConfigDurations.format(d));
    }
    if (check != null && parsed instanceof String s) {
      String problem = check.problem(s);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
    if (check != null && parsed instanceof List<?> items) {
      for (int i = 0; i < items.size(); i++) {
        String problem = check.problem((String) items.get(i));
        if (problem != null) {
          throw new IllegalArgumentException("[" + i + "] " + problem);
        }
      }
    }
    return parsed;
  }

  private String rangeRule() {
    boolean unbounded = max == Long.MAX_VALUE || max == Integer.MAX_VALUE;
    return unbounded ? "must be at least " + min : "must be between " + min + " and " + max;
  }

  /** The per-value rules of the settings above. */
  static final class Checks {
    private Checks() {}

    static String transport(String s) {
      try {
        io.fetchd.reactor.Transport.parse(s);
        return null;
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }

    static String hostName(String s) {
      return s.isBlank() || s.chars().anyMatch(Character::isWhitespace) ? "must be a host name or address, got '" + s + "'" : null;
    }

    /** Never echoes the token: it is a secret. */
    static String token(String s) {
      if (s.isBlank()) {
        return "must not be blank";
      }
      return s.chars().anyMatch(c -> c <= 0x20 || c == 0x7f) ? "must not contain spaces or control characters" : null;
    }

    static String allowRule(String s) {
      try {
        AllowRule.parse(s.trim());
        return null;
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }

    static String denyRule(String s) {
      try {
        Cidr.parse(s.trim());
        return null;
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }

    static String dnsServer(String s) {
      try {
        DnsServers.parse(s);
        return null;
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }

    static String readableFile(String s) {
      try {
        Path p = Path.of(s);
        return Files.isRegularFile(p) && Files.isReadable(p) ? null : "cannot read file '" + s + "'";
      } catch (InvalidPathException e) {
        return "not a file path: '" + s + "'";
      }
    }

    static String headerValue(String s) {
      return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f) ? "must not contain control characters" : null;
    }

    static String urlPath(String s) {
      return s.startsWith("/") && s.length() > 1 && s.chars().noneMatch(c -> c <= 0x20 || c == '?' || c == '#')
          ? null
          : "must be a path like /metrics, got '" + s + "'";
    }
  }
}
