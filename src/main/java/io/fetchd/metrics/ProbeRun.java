package io.fetchd.metrics;

import io.fetchd.client.FetchException;
import io.fetchd.client.FetchObserver;
import io.fetchd.client.FetchResult;
import io.fetchd.client.Header;
import io.fetchd.client.Hop;
import io.fetchd.client.Timings;
import io.fetchd.client.TooManyRedirectsException;
import io.fetchd.client.redirect.RedirectDecider;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;

/**
 * One probe in flight: what its fetch's {@link FetchObserver} events said (the address dialled,
 * the TLS session, every response head as sent), and the judgement and rendering of its outcome
 * with blackbox_exporter's names, labels and meanings. Reactor thread only (the observer's
 * events and the outcome arrive there).
 */
final class ProbeRun implements FetchObserver {
  private static final String[] PHASES = {"resolve", "connect", "tls", "processing", "transfer"};

  final ProbeModule module;
  final ProbeLog log;
  private InetAddress firstAddress;
  private ProbeTls.Chain lastTls;
  private String lastTlsUrl;
  private int heads;
  private int lastStatus;
  private String lastVersion;
  private List<Header> lastHeaders = List.of();
  private String lastHeadUrl;

  ProbeRun(ProbeModule module, ProbeLog log) {
    this.module = module;
    this.log = log;
  }

  // ------------------------------------------------------------------ the fetch's events

  @Override
  public void dialing(String url, InetAddress address) {
    if (firstAddress == null) {
      firstAddress = address;
      log.info("Resolved target address", "ip", address.getHostAddress());
    }
    log.info("Making HTTP request", "url", url, "ip", address.getHostAddress());
  }

  @Override
  public void tlsEstablished(String url, SSLSession session) {
    lastTls = ProbeTls.Chain.of(session, module.tls().insecureSkipVerify());
    lastTlsUrl = url;
    log.info("TLS handshake done", "version", lastTls.version());
  }

  @Override
  public void responseHead(String url, int status, String version, List<Header> headers) {
    heads++;
    lastStatus = status;
    lastVersion = version;
    lastHeaders = headers;
    lastHeadUrl = url;
    log.info("Received HTTP response", "status_code", Integer.toString(status));
    if (RedirectDecider.isRedirect(status) && header("Location") != null) {
      log.info("Received redirect", "location", header("Location"));
    }
  }

  private String header(String name) {
    for (Header h : lastHeaders) {
      if (h.is(name)) {
        return h.value();
      }
    }
    return null;
  }

  private List<String> headerValues(String name) {
    List<String> out = new ArrayList<>(1);
    for (Header h : lastHeaders) {
      if (h.is(name)) {
        out.add(h.value());
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ the outcome

  /**
   * Judges and renders the outcome: {@code r} the final response (a 2xx result, or the result of
   * an {@code HttpStatusException}), {@code error} the fetch's failure (null on a response),
   * {@code typeOverride} the failure type to report instead of {@code error}'s (the probe's own
   * deadline), {@code tookNanos} the probe's duration.
   */
  String render(FetchResult r, FetchException error, String typeOverride, long tookNanos) {
    List<Hop> hops = r != null ? r.hops() : error != null && error.details() != null ? error.details().hops() : List.of();
    boolean tooMany = error instanceof TooManyRedirectsException;
    // Blackbox has a response when its client returned one: any final answer, the last of too many
    // redirects, or a head whose body then failed (too large, too slow). Its body is read (and
    // counted) only when the client did not report an error: not for a redirect it refused.
    boolean haveResponse = heads > 0 && (r != null || tooMany || heads > hops.size());
    boolean refusedRedirect = r != null && !module.followRedirects() && isFollowableRedirect();
    boolean bodyRead = r != null && !refusedRedirect;
    int status = haveResponse ? lastStatus : 0;
    String failure = null;
    boolean success = false;
    boolean regexFailed = false;
    if (haveResponse) {
      success = module.validStatusCodes().isEmpty()
          ? status >= 200 && status < 300
          : module.validStatusCodes().contains(status);
      if (!success) {
        failure = tooMany ? error.type() : "HttpStatus";
        log.info(module.validStatusCodes().isEmpty()
            ? "Invalid HTTP response status code, wanted 2xx" : "Invalid HTTP response status code",
            "status_code", Integer.toString(status));
      }
      if (success && (!module.failIfHeaderMatches().isEmpty() || !module.failIfHeaderNotMatches().isEmpty())) {
        success = headersPass();
        regexFailed = !success;
      }
      if (success && module.matchesBody()) {
        String body = bodyRead && r.bodyText() != null ? r.bodyText() : "";
        success = bodyPasses(body);
        regexFailed = !success;
      }
      if (regexFailed) {
        failure = "RegexMatch";
      }
    }
    if (error != null && r == null && !tooMany) {
      // The fetch failed before or while reading the final response.
      log.error("Error for HTTP request", "err", error.type() + ": " + error.getMessage());
      success = false;
      failure = error.type();
    } else if (tooMany) {
      log.info("Not following redirect", "err", error.getMessage());
    } else if (error == null && r == null) {
      success = false;
    }
    if (success && !module.validHttpVersions().isEmpty() && !module.validHttpVersions().contains(lastVersion)) {
      log.error("Invalid HTTP version number", "version", lastVersion);
      success = false;
      failure = "HttpVersion";
    }
    if (typeOverride != null) {
      success = false;
      failure = typeOverride;
    }
    boolean tlsFinal = haveResponse && lastTls != null && lastHeadUrl != null && lastHeadUrl.startsWith("https:");
    if (success && tlsFinal && module.failIfSsl()) {
      log.error("Final request was over SSL");
      success = false;
      failure = "Ssl";
    } else if (success && !tlsFinal && module.failIfNotSsl()) {
      log.error("Final request was not over SSL");
      success = false;
      failure = "Ssl";
    }

    PrometheusText t = new PrometheusText();
    t.single("probe_dns_lookup_time_seconds", "Returns the time taken for probe dns lookup in seconds",
        seconds(firstDns(r, error, hops)));
    t.single("probe_ip_protocol", "Specifies whether probe ip protocol is IP4 or IP6",
        firstAddress == null ? 0 : firstAddress instanceof Inet4Address ? 4 : 6);
    t.single("probe_ip_addr_hash", "Specifies the hash of IP address. It's useful to detect if the IP address changes.",
        firstAddress == null ? 0 : ipHash(firstAddress));
    t.gauge("probe_http_duration_seconds", "Duration of http request by phase, summed over all redirects");
    double[] phases = phases(r, error, hops);
    for (int i = 0; i < PHASES.length; i++) {
      t.sample("probe_http_duration_seconds", "phase", PHASES[i], phases[i]);
    }
    t.single("probe_http_status_code", "Response HTTP status code", status);
    t.single("probe_http_content_length", "Length of http content response", haveResponse ? contentLength() : 0);
    t.single("probe_http_uncompressed_body_length", "Length of uncompressed response body",
        bodyRead ? r.bytes() : 0);
    int redirects = hops.isEmpty() ? 0 : hops.size() - 1;
    if (error instanceof TooManyRedirectsException) {
      redirects = hops.size();
    } else if (refusedRedirect) {
      redirects = 1; // blackbox counts the redirect it refused to follow
    }
    t.single("probe_http_redirects", "The number of redirects", redirects);
    t.single("probe_http_ssl", "Indicates if SSL was used for the final redirect", tlsFinal ? 1 : 0);
    t.single("probe_http_version", "Returns the version of HTTP of the probe response",
        haveResponse ? httpVersion(lastVersion) : 0);
    t.single("probe_failed_due_to_regex", "Indicates if probe failed due to regex", regexFailed ? 1 : 0);
    if (haveResponse) {
      Long lastModified = ProbeDates.parseHttpDate(header("Last-Modified"));
      if (lastModified != null) {
        t.single("probe_http_last_modified_timestamp_seconds", "Returns the Last-Modified HTTP response header in unixtime",
            lastModified);
      }
    }
    if (tlsFinal) {
      ProbeTls.Chain c = lastTls;
      t.single("probe_ssl_earliest_cert_expiry", "Returns last SSL chain expiry in unixtime", c.earliestExpiry());
      t.gauge("probe_tls_version_info", "Returns the TLS version used or NaN when unknown")
          .sample("probe_tls_version_info", "version", c.version(), 1);
      t.single("probe_ssl_last_chain_expiry_timestamp_seconds", "Returns last SSL chain expiry in timestamp",
          c.lastChainExpiry());
      t.gauge("probe_ssl_last_chain_info", "Contains SSL leaf certificate information")
          .sample("probe_ssl_last_chain_info", List.of(
              "fingerprint_sha256", c.fingerprintSha256(),
              "subject", c.subject(),
              "issuer", c.issuer(),
              "subjectalternative", c.subjectAlternative(),
              "serialnumber", c.serialNumber()), 1);
    }
    if (!success) {
      t.gauge("probe_failure_info", "Why the probe failed: the fetchd error type (value is always 1)")
          .sample("probe_failure_info", "type", failure == null ? "Internal" : failure, 1);
    }
    double took = tookNanos / 1e9;
    t.single("probe_duration_seconds", "Returns how long the probe took to complete in seconds", took);
    t.single("probe_success", "Displays whether or not the probe was a success", success ? 1 : 0);
    if (success) {
      log.info("Probe succeeded", "duration_seconds", Double.toString(took));
    } else {
      log.error("Probe failed", "duration_seconds", Double.toString(took));
    }
    return t.toString();
  }

  private boolean isFollowableRedirect() {
    return heads > 0 && RedirectDecider.isRedirect(lastStatus) && header("Location") != null;
  }

  private long contentLength() {
    String v = header("Content-Length");
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private boolean headersPass() {
    for (ProbeModule.HeaderMatch m : module.failIfHeaderMatches()) {
      List<String> values = headerValues(m.header());
      if (values.isEmpty()) {
        if (!m.allowMissing()) {
          log.error("Missing required header", "header", m.header());
          return false;
        }
        continue;
      }
      for (String v : values) {
        if (m.regexp().matcher(v).find()) {
          log.error("Header matched regular expression", "header", m.header(), "regexp", m.regexp().pattern());
          return false;
        }
      }
    }
    for (ProbeModule.HeaderMatch m : module.failIfHeaderNotMatches()) {
      List<String> values = headerValues(m.header());
      if (values.isEmpty()) {
        if (!m.allowMissing()) {
          log.error("Missing required header", "header", m.header());
          return false;
        }
        continue;
      }
      boolean any = false;
      for (String v : values) {
        any |= m.regexp().matcher(v).find();
      }
      if (!any) {
        log.error("Header did not match regular expression", "header", m.header(), "regexp", m.regexp().pattern());
        return false;
      }
    }
    return true;
  }

  private boolean bodyPasses(String body) {
    for (Pattern p : module.failIfBodyMatches()) {
      if (p.matcher(body).find()) {
        log.error("Body matched regular expression", "regexp", p.pattern());
        return false;
      }
    }
    for (Pattern p : module.failIfBodyNotMatches()) {
      if (!p.matcher(body).find()) {
        log.error("Body did not match regular expression", "regexp", p.pattern());
        return false;
      }
    }
    return true;
  }

  /** The first hop's DNS lookup: blackbox's initial resolution of the target. */
  private static Duration firstDns(FetchResult r, FetchException error, List<Hop> hops) {
    if (!hops.isEmpty()) {
      Timings t = hops.get(0).timings();
      return t == null ? null : t.dns();
    }
    if (r != null && r.timings() != null) {
      return r.timings().dns();
    }
    if (error != null && error.details() != null && error.details().timings() != null) {
      return error.details().timings().dns();
    }
    return null;
  }

  /**
   * Blackbox's phases: resolve, connect, tls and processing summed over every round trip, the
   * failing one included; transfer of the final response only (blackbox times the body of the
   * last response alone).
   */
  private static double[] phases(FetchResult r, FetchException error, List<Hop> hops) {
    double[] out = new double[PHASES.length];
    List<Timings> all = new ArrayList<>(hops.size() + 1);
    for (Hop h : hops) {
      if (h.timings() != null) {
        all.add(h.timings());
      }
    }
    if (r == null && error != null && error.details() != null && error.details().timings() != null
        && !(error instanceof TooManyRedirectsException)) {
      all.add(error.details().timings());
    }
    if (r != null && hops.isEmpty() && r.timings() != null) {
      all.add(r.timings());
    }
    for (Timings t : all) {
      out[0] += seconds(t.dns());
      out[1] += seconds(t.connect());
      out[2] += seconds(t.tls());
      out[3] += seconds(t.ttfb());
    }
    if (r != null && !all.isEmpty()) {
      out[4] = seconds(all.get(all.size() - 1).transfer());
    }
    return out;
  }

  private static double seconds(Duration d) {
    return d == null ? 0 : d.toNanos() / 1e9;
  }

  /** {@code HTTP/1.1} as 1.1; 0 when unknown. */
  static double httpVersion(String version) {
    if (version == null || !version.startsWith("HTTP/")) {
      return 0;
    }
    try {
      return Double.parseDouble(version.substring(5));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Blackbox's address hash: FNV-1a (32 bit) of the address's bytes (4 for IPv4, 16 for IPv6). */
  static long ipHash(InetAddress address) {
    int h = 0x811c9dc5;
    for (byte b : address.getAddress()) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return h & 0xffffffffL;
  }
}
