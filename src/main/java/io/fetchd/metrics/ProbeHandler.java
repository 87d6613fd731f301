package io.fetchd.metrics;

import io.fetchd.batch.Fetch;
import io.fetchd.client.FailureDetails;
import io.fetchd.client.FetchException;
import io.fetchd.client.FetchRequest;
import io.fetchd.client.FetchResult;
import io.fetchd.client.HttpStatusException;
import io.fetchd.client.Hop;
import io.fetchd.client.InvalidUrlException;
import io.fetchd.client.RequestOptions;
import io.fetchd.client.Timeouts;
import io.fetchd.client.Timings;
import io.fetchd.client.UnsupportedSchemeException;
import io.fetchd.client.url.FetchUrl;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Failure;
import io.fetchd.defer.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /probe?target=URL}, the way Prometheus's blackbox_exporter answers it: fetch the
 * target now and describe that one fetch in the text format with blackbox's metric names and
 * meanings, so existing blackbox dashboards and alerts work on fetchd. Each answer is written by
 * its own small text writer, not the global registry.
 *
 * <ul>
 *   <li>{@code probe_success} 1 for a final 2xx, else 0; {@code probe_duration_seconds} the whole
 *       probe;
 *   <li>{@code probe_http_status_code} the final status (0 without a response), {@code
 *       probe_http_content_length} its {@code Content-Length} (-1 when absent), {@code
 *       probe_http_uncompressed_body_length} the body bytes, {@code probe_http_redirects}, {@code
 *       probe_http_ssl} 1 when the final hop was https;
 *   <li>{@code probe_http_duration_seconds{phase}} for resolve (dns), connect, tls, processing
 *       (ttfb) and transfer, summed over every hop; 0 for a phase that did not happen, as
 *       blackbox reports it;
 *   <li>{@code probe_ssl_earliest_cert_expiry} the final hop's leaf certificate expiry in unix
 *       seconds, only for https;
 *   <li>{@code probe_failure_info{type}} 1 on failure, with the fetchd error type (fetchd's
 *       addition: blackbox only logs the reason).
 * </ul>
 *
 * <p>A missing or unparsable target is answered 400 with a plain-text message. The fetch goes
 * through the fetcher, so the address policy applies; authentication is the REST server's job.
 *
 * <p>Thread rule: {@link #probe} on the reactor thread only (the {@link Fetch} is loop-confined);
 * {@code FetchdMetrics.probeFromAnyThread} bridges from other threads.
 */
public final class ProbeHandler {
  private static final String[][] PHASES = {
    {"resolve", "dns"}, {"connect", "connect"}, {"tls", "tls"}, {"processing", "ttfb"}, {"transfer", "transfer"}
  };

  private final Scheduler clock;
  private final Fetch fetch;
  private final RequestOptions options;
  private final Duration timeoutOffset;

  /**
   * @param clock the clock that times the probe (the reactor)
   * @param fetch what fetches the target ({@code HttpFetcher::fetch})
   * @param options the request options of every probe: GET with the default timeouts unless the
   *     app says otherwise; each timeout is cut to the probe's deadline
   * @param probe the probe's own options (the timeout offset)
   */
  public ProbeHandler(Scheduler clock, Fetch fetch, RequestOptions options, ProbeOptions probe) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fetch = Objects.requireNonNull(fetch, "fetch");
    this.options = Objects.requireNonNull(options, "options");
    this.timeoutOffset = probe.timeoutOffset();
  }

  /** As above with {@link ProbeOptions#DEFAULTS}. */
  public ProbeHandler(Scheduler clock, Fetch fetch, RequestOptions options) {
    this(clock, fetch, options, ProbeOptions.DEFAULTS);
  }

  /** A probe with {@link RequestOptions#DEFAULTS}, without the body hash. */
  public ProbeHandler(Scheduler clock, Fetch fetch) {
    this(clock, fetch, RequestOptions.DEFAULTS.withSha256(false));
  }

  /** {@link #probe(String, String)} without a scrape-timeout header (120 s assumed). */
  public Deferred<HttpReply> probe(String target) {
    return probe(target, null);
  }

  /**
   * Probes {@code target} (the decoded {@code target} query parameter, null when absent). A target
   * without a scheme is taken as {@code http://}, as blackbox does. The probe answers by its
   * deadline ({@link ProbeDeadline}: the {@code X-Prometheus-Scrape-Timeout-Seconds} value {@code
   * scrapeTimeout}, null when absent, less the offset, or the module's timeout if shorter): a
   * target that has not finished by then is cancelled and reported with {@code probe_success 0}.
   * Never fails: the Deferred fires with 200 and the probe text, or 400 for a missing or invalid
   * target or header. Reactor thread only.
   */
  public Deferred<HttpReply> probe(String target, String scrapeTimeout) {
    if (target == null || target.isBlank()) {
      return Deferred.succeed(badRequest("target parameter is missing"));
    }
    Duration deadline;
    try {
      deadline = ProbeDeadline.of(scrapeTimeout, Duration.ZERO, timeoutOffset);
    } catch (ProbeDeadline.BadHeaderException e) {
      return Deferred.succeed(badRequest(e.getMessage()));
    }
    String url = target.contains("://") ? target : "http://" + target;
    try {
      FetchUrl.parse(url);
    } catch (InvalidUrlException | UnsupportedSchemeException e) {
      return Deferred.succeed(badRequest("invalid target: " + e.getMessage()));
    }
    long start = clock.nanoTime();
    Deferred<FetchResult> d;
    try {
      d = fetch.fetch(new FetchRequest(url, options.withTimeouts(within(options.timeouts(), deadline))));
    } catch (RuntimeException e) {
      return Deferred.succeed(render(null, null, null, clock.nanoTime() - start));
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
            return render(r, null, null, took);
          }
          FetchException e = f.value() instanceof FetchException fe ? fe : null;
          FetchResult response = e instanceof HttpStatusException s ? s.result() : null;
          return render(response, e, timedOut[0] ? DEADLINE_EXCEEDED : null, took);
        });
  }

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

  private static HttpReply render(FetchResult r, FetchException error, String typeOverride, long tookNanos) {
    PrometheusText t = new PrometheusText();
    t.gauge("probe_http_duration_seconds", "Duration of http request by phase, summed over all redirects");
    List<Timings> parts = phasesOf(r, error);
    for (String[] p : PHASES) {
      double sum = 0;
      for (Timings timings : parts) {
        Duration d = phase(timings, p[1]);
        sum += d == null ? 0 : d.toNanos() / 1e9;
      }
      t.sample("probe_http_duration_seconds", "phase", p[0], sum);
    }
    int status = r == null ? 0 : r.status();
    t.single("probe_http_status_code", "Response HTTP status code", status);
    t.single("probe_http_content_length", "Length of http content response", contentLength(r));
    t.single("probe_http_uncompressed_body_length", "Length of uncompressed response body",
        r == null ? 0 : r.bytes());
    int redirects = r != null ? r.redirects() : hopsOf(error).size();
    t.single("probe_http_redirects", "The number of redirects", redirects);
    String finalUrl = finalUrl(r, error);
    boolean https = finalUrl != null && finalUrl.startsWith("https:");
    t.single("probe_http_ssl", "Indicates if SSL was used for the final redirect", https ? 1 : 0);
    if (https && r != null && r.tls() != null && r.tls().certificateNotAfter() != null) {
      t.single("probe_ssl_earliest_cert_expiry", "Returns last SSL chain expiry in unixtime",
          r.tls().certificateNotAfter().getEpochSecond());
    }
    boolean success = error == null && r != null && r.ok();
    if (!success) {
      String type = typeOverride != null ? typeOverride : error == null ? "Internal" : error.type();
      t.gauge("probe_failure_info", "Why the probe failed: the fetchd error type (value is always 1)")
          .sample("probe_failure_info", "type", type, 1);
    }
    t.single("probe_duration_seconds", "Returns how long the probe took to complete in seconds",
        tookNanos / 1e9);
    t.single("probe_success", "Displays whether or not the probe was a success", success ? 1 : 0);
    return new HttpReply(200, HttpReply.PROMETHEUS_TEXT, t.toString());
  }

  /** The timings to sum: every hop of a response; the completed hops plus the failing attempt. */
  private static List<Timings> phasesOf(FetchResult r, FetchException error) {
    if (r != null) {
      if (!r.hops().isEmpty()) {
        return r.hops().stream().map(Hop::timings).filter(Objects::nonNull).toList();
      }
      return r.timings() == null ? List.of() : List.of(r.timings());
    }
    FailureDetails d = error == null ? null : error.details();
    if (d == null) {
      return List.of();
    }
    java.util.ArrayList<Timings> out = new java.util.ArrayList<>();
    for (Hop h : d.hops()) {
      if (h.timings() != null) {
        out.add(h.timings());
      }
    }
    if (d.timings() != null) {
      out.add(d.timings());
    }
    return out;
  }

  private static List<Hop> hopsOf(FetchException error) {
    return error == null || error.details() == null ? List.of() : error.details().hops();
  }

  private static String finalUrl(FetchResult r, FetchException error) {
    if (r != null) {
      return r.finalUrl();
    }
    return error == null || error.details() == null ? null : error.details().lastUrl();
  }

  private static long contentLength(FetchResult r) {
    if (r == null) {
      return -1;
    }
    String v = r.header("Content-Length");
    if (v != null) {
      try {
        return Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }

  private static Duration phase(Timings t, String name) {
    return switch (name) {
      case "dns" -> t.dns();
      case "connect" -> t.connect();
      case "tls" -> t.tls();
      case "ttfb" -> t.ttfb();
      case "transfer" -> t.transfer();
      default -> null;
    };
  }
}
