package io.fetchd.metrics;

import io.fetchd.batch.Fetch;
import io.fetchd.client.BodyMode;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.FetcherConfig;
import io.fetchd.client.HttpStatusException;
import io.fetchd.client.InvalidUrlException;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.Timeouts;
import io.fetchd.client.RetryPolicy;
import io.fetchd.client.UnsupportedSchemeException;
import io.fetchd.client.url.FetchUrl;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Failure;
import io.fetchd.defer.Scheduler;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /probe?target=URL&module=NAME}, the way Prometheus's blackbox_exporter 0.23 answers
 * it: fetch the target now, as the module says, and describe that one fetch in the text format
 * with every metric blackbox's http prober emits, with the same names, labels and meanings, so
 * existing blackbox scrape configs, dashboards and alerts work on fetchd. Each answer is written by
 * its own small text writer ({@link ProbeRun}), not the global registry. fetchd adds {@code
 * probe_failure_info{type}} on failure, with the fetchd error type (blackbox only logs the reason).
 *
 * <p>The module ({@link ProbeModules}; {@code http_2xx} when {@code module=} is absent) chooses the
 * method, headers, body, redirects, address family, TLS settings and what counts as success. Each
 * module's TLS settings have a fetcher of their own that never reuses a connection or a DNS answer.
 * {@code debug=true} answers the probe's log, its metrics and the module as plain text, as
 * blackbox does.
 *
 * <p>A missing or unparsable target, an unknown module or a bad scrape-timeout header is answered
 * 400 with a plain-text message. The fetch goes through the fetcher, so the address policy
 * applies; authentication is the REST server's job.
 *
 * <p>Thread rule: {@link #probe} on the reactor thread only (the {@link Fetch} is loop-confined);
 * {@code FetchdMetrics.probeFromAnyThread} bridges from other threads.
 */
public final class ProbeHandler {
  /**
   * What probes a module's targets: the fetcher for its TLS settings, and the trust anchors that
   * fetcher verifies against (for {@code probe_ssl_last_chain_expiry_timestamp_seconds}).
   * Immutable; any thread (its {@code fetch} keeps the fetcher's own thread rule).
   *
   * @param fetch fetches with the module's TLS settings
   * @param anchors the certificates its TLS trusts; empty when it verifies nothing
   */
  public record Client(Fetch fetch, List<X509Certificate> anchors) {
    /** Checks the components. */
    public Client {
      Objects.requireNonNull(fetch, "fetch");
      anchors = List.copyOf(anchors);
    }

    /**
     * The client of a fetcher made with {@code config}: its anchors are what {@code config}
     * trusts (none when it verifies nothing).
     *
     * @param fetch the fetcher's {@code fetch}
     * @param config the fetcher's config
     * @return the client
     * @throws IllegalArgumentException when the CA file cannot be read
     */
    public static Client of(Fetch fetch, FetcherConfig config) {
      return new Client(fetch, config.insecureSkipVerify() ? List.of() : ProbeTls.anchors(config.trustedCaFile()));
    }
  }

  /**
   * A client for each distinct {@code tls_config} of {@code modules} (and for none), each on a
   * fetcher {@code open} makes from {@code base} with those settings applied.
   *
   * @param modules the probe's modules
   * @param base the probe fetchers' config (normally {@link
   *     FetcherConfig#withoutReuse()} of the service's)
   * @param open makes a fetcher with the given config and returns its {@code fetch}; called once
   *     per distinct setting, on the caller's thread
   * @return the clients by setting
   */
  public static Map<ProbeModule.Tls, Client> clients(ProbeModules modules,
      FetcherConfig base, Function<FetcherConfig, Fetch> open) {
    Set<ProbeModule.Tls> settings = new LinkedHashSet<>();
    settings.add(ProbeModule.Tls.DEFAULT);
    modules.all().values().forEach(m -> settings.add(m.tls()));
    Map<ProbeModule.Tls, Client> out = new HashMap<>();
    for (ProbeModule.Tls tls : settings) {
      FetcherConfig c = tls.apply(base);
      out.put(tls, Client.of(open.apply(c), c));
    }
    return Map.copyOf(out);
  }

  private final Scheduler clock;
  private final ProbeModules modules;
  private final Function<ProbeModule.Tls, Client> clients;
  private final RequestOptions options;
  private final Duration timeoutOffset;

  /**
   * @param clock the clock that times the probe (the reactor)
   * @param modules the modules {@code module=} chooses from
   * @param clients the client for each module's TLS settings ({@link ProbeModule#tls()})
   * @param options the base request options of every probe (timeouts, the body cap); the module
   *     sets the rest, and each timeout is cut to the probe's deadline
   * @param probe the probe's own options (the timeout offset)
   */
  public ProbeHandler(Scheduler clock, ProbeModules modules, Function<ProbeModule.Tls, Client> clients,
      RequestOptions options, ProbeOptions probe) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.modules = Objects.requireNonNull(modules, "modules");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.options = Objects.requireNonNull(options, "options");
    this.timeoutOffset = probe.timeoutOffset();
  }

  /**
   * The default module set, every module fetching with {@code fetch} (trusting the JDK's CAs).
   *
   * @param clock the clock that times the probe (the reactor)
   * @param fetch what fetches the target ({@code HttpFetcher::fetch})
   * @param options the base request options of every probe
   * @param probe the probe's own options (the timeout offset)
   */
  public ProbeHandler(Scheduler clock, Fetch fetch, RequestOptions options, ProbeOptions probe) {
    this(clock, ProbeModules.DEFAULT, singleClient(fetch), options, probe);
  }

  private static Function<ProbeModule.Tls, Client> singleClient(Fetch fetch) {
    Client c = new Client(fetch, ProbeTls.anchors(null));
    return tls -> c;
  }

  /** As above with {@link ProbeOptions#DEFAULTS}. */
  public ProbeHandler(Scheduler clock, Fetch fetch, RequestOptions options) {
    this(clock, fetch, options, ProbeOptions.DEFAULTS);
  }

  /** A probe with {@link RequestOptions#DEFAULTS}, without the body hash. */
  public ProbeHandler(Scheduler clock, Fetch fetch) {
    this(clock, fetch, RequestOptions.DEFAULTS.withSha256(false));
  }

  /**
   * Whether {@code module=name} names a module ({@code http_2xx} when null).
   *
   * @param name the {@code module} parameter, or null
   * @return whether a probe with it would run
   */
  public boolean hasModule(String name) {
    return modules.get(name == null || name.isEmpty() ? ProbeModule.DEFAULT_NAME : name) != null;
  }

  /** {@link #probe(String, String)} without a scrape-timeout header (120 s assumed). */
  public Deferred<HttpReply> probe(String target) {
    return probe(target, null);
  }

  /** {@link #probe(String, String, String, boolean)} with the default module, without debug. */
  public Deferred<HttpReply> probe(String target, String scrapeTimeout) {
    return probe(target, scrapeTimeout, null, false);
  }

  /**
   * Probes {@code target} (the decoded {@code target} query parameter, null when absent) with the
   * module {@code moduleName} ({@code http_2xx} when null or empty). A target without a scheme is
   * taken as {@code http://}, as blackbox does. The probe answers by its deadline ({@link
   * ProbeDeadline}: the {@code X-Prometheus-Scrape-Timeout-Seconds} value {@code scrapeTimeout},
   * null when absent, less the offset, or the module's timeout if shorter): a target that has not
   * finished by then is cancelled and reported with {@code probe_success 0}. Never fails: the
   * Deferred fires with 200 and the probe text (with {@code debug}, blackbox's debug text), or 400
   * for a missing or invalid target, an unknown module or a bad header. Reactor thread only.
   */
  public Deferred<HttpReply> probe(String target, String scrapeTimeout, String moduleName, boolean debug) {
    String name = moduleName == null || moduleName.isEmpty() ? ProbeModule.DEFAULT_NAME : moduleName;
    ProbeModule module = modules.get(name);
    if (module == null) {
      return Deferred.succeed(badRequest("Unknown module \"" + name + "\""));
    }
    if (target == null || target.isBlank()) {
      return Deferred.succeed(badRequest("target parameter is missing"));
    }
    Duration deadline;
    try {
      deadline = ProbeDeadline.of(scrapeTimeout, module.timeout(), timeoutOffset);
    } catch (ProbeDeadline.BadHeaderException e) {
      return Deferred.succeed(badRequest(e.getMessage()));
    }
    String url = target.contains("://") ? target : "http://" + target;
    try {
      FetchUrl.parse(url);
    } catch (InvalidUrlException | UnsupportedSchemeException e) {
      return Deferred.succeed(badRequest("invalid target: " + e.getMessage()));
    }
    Client client = clients.apply(module.tls());
    ProbeLog log = new ProbeLog(debug, clock, name, target);
    log.info("Beginning probe", "probe", "http", "timeout_seconds", Double.toString(deadline.toNanos() / 1e9));
    ProbeRun run = new ProbeRun(module, log, client.anchors());
    long start = clock.nanoTime();
    Deferred<FetchResult> d;
    try {
      d = client.fetch().fetch(new FetchRequest(url, requestOptions(module, deadline), run));
    } catch (RuntimeException e) {
      return Deferred.succeed(reply(run, null, null, "Internal", clock.nanoTime() - start, debug));
    }
    boolean[] timedOut = new boolean[1];
    DelayedCall timer = d.isCalled() ? null : clock.callLater(deadline, () -> {
      timedOut[0] = true;
      d.cancel();
    });
    return d.addBoth(
        (FetchResult r, Failure f) -> {
          if (timer != null && timer.isActive()) {
            timer.cancel();
          }
          long took = clock.nanoTime() - start;
          if (f == null) {
            return reply(run, r, null, null, took, debug);
          }
          FetchException e = f.value() instanceof FetchException fe ? fe : null;
          FetchResult response = e instanceof HttpStatusException s ? s.result() : null;
          return reply(run, response, e, timedOut[0] ? DEADLINE_EXCEEDED : e == null ? "Internal" : null, took, debug);
        });
  }

  private static HttpReply reply(ProbeRun run, FetchResult r, FetchException e, String typeOverride, long took,
      boolean debug) {
    String metrics = run.render(r, e, typeOverride, took);
    if (!debug) {
      return new HttpReply(200, HttpReply.PROMETHEUS_TEXT, metrics);
    }
    String text = "Logs for the probe:\n" + run.log + "\n\n\nMetrics that would have been returned:\n" + metrics
        + "\n\n\nModule configuration:\n" + run.module.source();
    return new HttpReply(200, "text/plain", text);
  }

  /**
   * A module's request: its method, headers, body and redirect rule; redirects counted to 10 as
   * Go's client does (no loop detection), the address family it prefers, the body as received (no
   * {@code Accept-Encoding} added, nothing decoded), kept only when a rule reads it, capped at
   * {@code body_size_limit} when nothing is decoded; every timeout cut to the deadline.
   */
  RequestOptions requestOptions(ProbeModule module, Duration deadline) {
    boolean keep = module.matchesBody() || module.decodes();
    long cap;
    if (keep) {
      cap = module.bodySizeLimit() > 0 && !module.decodes()
          ? Math.min(module.bodySizeLimit(), options.maxBodyBytes())
          : options.maxBodyBytes();
    } else {
      cap = module.bodySizeLimit() > 0 ? module.bodySizeLimit() : Long.MAX_VALUE;
    }
    return options
        .withMethod(module.method())
        .withHeaders(module.headers())
        .withRequestBody(module.body())
        .withFollowRedirects(module.followRedirects())
        .withMaxRedirects(MAX_REDIRECTS)
        .withDetectRedirectLoops(false)
        .withIpPreference(module.ipPreference())
        .withDecompress(false)
        .withBody(keep ? BodyMode.BYTES : BodyMode.NONE)
        .withMaxBodyBytes(cap)
        .withSha256(false)
        .withRetry(RetryPolicy.NONE)
        .withKeepHeaders(true)
        .withTimeouts(within(options.timeouts(), deadline));
  }

  /** Blackbox follows at most 10 redirects: the 11th is refused and reported. */
  static final int MAX_REDIRECTS = 10;

  /** The failure type of a probe cut short by its own deadline timer. */
  static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

  /** {@code t} with every timeout no longer than {@code deadline}, the deadline itself included. */
  static Timeouts within(Timeouts t, Duration deadline) {
    return new Timeouts(
        min(t.dns(), deadline),
        min(t.connect(), deadline),
        min(t.tlsHandshake(), deadline),
        min(t.firstByte(), deadline),
        min(t.idleRead(), deadline),
        min(t.queue(), deadline),
        min(t.deadline(), deadline));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Reads the {@code target} parameter out of a request URI such as {@code
   * /probe?target=https%3A%2F%2Fexample.com%2F}; null when absent. Any thread.
   */
  public static String targetOf(String uri) {
    List<String> values =
        new io.netty.handler.codec.http.QueryStringDecoder(uri).parameters().get("target");
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static HttpReply badRequest(String message) {
    return new HttpReply(400, HttpReply.PLAIN_TEXT, message + "\n");
  }
}
