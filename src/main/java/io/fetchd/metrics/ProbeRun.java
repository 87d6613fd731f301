package io.fetchd.metrics;

import io.fetchd.client.BodyTooLargeException;
import io.fetchd.client.DnsFailureException;
import io.fetchd.client.DnsTimeoutException;
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
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;

/**
 * One probe in flight: what its fetch's {@link FetchObserver} events said (the address dialled,
 * each connection's TLS chain, every response head as sent), then the judgement and rendering of
 * its outcome with blackbox_exporter 0.23's names, labels and meanings ({@code prober/http.go},
 * {@code utils.go}, {@code tls.go}). Reactor thread only (the observer's events and the outcome
 * arrive there).
 */
final class ProbeRun implements FetchObserver {
  private static final String[] PHASES = {"resolve", "connect", "tls", "processing", "transfer"};

  /** One response head as received, with the TLS chain of the connection that carried it. */
  private record Head(String url, int status, String version, List<Header> headers, ProbeTls.Chain tls) {
    String header(String name) {
      for (Header h : headers) {
        if (h.is(name)) {
          return h.value();
        }
      }
      return null;
    }

    List<String> values(String name) {
      List<String> out = new ArrayList<>(1);
      for (Header h : headers) {
        if (h.is(name)) {
          out.add(h.value());
        }
      }
      return out;
    }

    /** A redirect Go's client hands to CheckRedirect: 301/302/303/307/308 with a Location. */
    boolean redirect() {
      return RedirectDecider.isRedirect(status) && header("Location") != null;
    }
  }

  final ProbeModule module;
  final ProbeLog log;
  private final List<X509Certificate> anchors;
  private InetAddress firstAddress;
  private ProbeTls.Chain connectionTls;
  private final List<Head> heads = new ArrayList<>(2);

  /**
   * @param module the module probed
   * @param log the probe's log
   * @param anchors the trust anchors of the module's fetcher, for the verified chain
   */
  ProbeRun(ProbeModule module, ProbeLog log, List<X509Certificate> anchors) {
    this.module = module;
    this.log = log;
    this.anchors = anchors;
  }

  // ------------------------------------------------------------------ the fetch's events

  @Override
  public void dialing(String url, InetAddress address) {
    if (firstAddress == null) {
      firstAddress = address;
      log.info("Resolved target address", "ip", address.getHostAddress());
    }
    connectionTls = null;
    log.info("Making HTTP request", "url", url, "ip", address.getHostAddress());
  }

  @Override
  public void tlsEstablished(String url, SSLSession session) {
    connectionTls = ProbeTls.Chain.of(session, anchors, module.tls().insecureSkipVerify());
    log.info("TLS handshake done", "version", connectionTls.version());
  }

  @Override
  public void responseHead(String url, int status, String version, List<Header> headers) {
    Head h = new Head(url, status, version, List.copyOf(headers), url.startsWith("https:") ? connectionTls : null);
    heads.add(h);
    log.info("Received HTTP response", "status_code", Integer.toString(status));
    if (h.redirect()) {
      log.info("Received redirect", "location", h.header("Location"));
    }
  }

  // ------------------------------------------------------------------ the outcome

  /**
   * Judges and renders the outcome.
   *
   * @param r the final response (a 2xx result, or the result of an {@code HttpStatusException}),
   *     or null
   * @param error the fetch's failure, or null on a 2xx
   * @param typeOverride the failure type to report instead of {@code error}'s (the probe's own
   *     deadline), or null
   * @param tookNanos the probe's duration
   * @return the probe's metrics in the text format
   */
  String render(FetchResult r, FetchException error, String typeOverride, long tookNanos) {
    Head last = heads.isEmpty() ? null : heads.get(heads.size() - 1);
    boolean tooMany = error instanceof TooManyRedirectsException;
    boolean refusedRedirect = r != null && !module.followRedirects() && last != null && last.redirect();
    // Go's client returned a response and an error: the redirect it would not follow (its body closed)
    boolean requestErrored = tooMany || refusedRedirect;
    // Go's client returned a response: any final answer, the last redirect not followed, or a
    // final head whose body then failed
    boolean haveResponse = r != null || tooMany
        || (last != null && !(module.followRedirects() && last.redirect()));
    // blackbox resolves the target itself first, and stops there when that fails
    boolean resolveFailed = r == null && heads.isEmpty() && firstAddress == null
        && (error instanceof DnsFailureException || error instanceof DnsTimeoutException
            || (typeOverride != null && error != null && firstDns(r, error) == null));
    int redirects = 0;
    for (Head h : heads) {
      if (h.redirect()) {
        redirects++;
      }
    }

    String failure = null;
    boolean success = false;
    int regex = 0;
    ProbeBody body = null;
    if (haveResponse) {
      int status = last.status();
      success = module.validStatusCodes().isEmpty()
          ? status >= 200 && status < 300
          : module.validStatusCodes().contains(status);
      if (!success) {
        failure = "HttpStatus";
        log.info(module.validStatusCodes().isEmpty()
            ? "Invalid HTTP response status code, wanted 2xx" : "Invalid HTTP response status code",
            "status_code", Integer.toString(status));
      }
      if (success && module.matchesHeaders()) {
        success = headersPass(last);
        regex = success ? 0 : 1;
        failure = success ? null : "RegexMatch";
      }
      if (!requestErrored) {
        body = bodyOf(r, error);
      }
      if (body != null && body.decoderFailed()) {
        log.info("Failed to get decompressor for HTTP response body");
        success = false;
        failure = "Decompression";
      }
      if (success && module.matchesBody()) {
        if (body == null || body.readFailed() || body.decoderFailed()) {
          log.error("Error reading HTTP body");
          success = false;
        } else {
          success = bodyPasses(new String(body.bytes() == null ? new byte[0] : body.bytes(), StandardCharsets.UTF_8));
        }
        regex = success ? 0 : 1;
        failure = success ? null : "RegexMatch";
      }
      if (body != null && body.readFailed() && !body.decoderFailed()) {
        log.info("Failed to read HTTP response body");
        if (success || failure == null) {
          failure = error != null ? error.type() : "BodyRead";
        }
        success = false;
      }
      if (!module.validHttpVersions().isEmpty() && !module.validHttpVersions().contains(last.version())) {
        log.error("Invalid HTTP version number", "version", last.version());
        if (success) {
          failure = "HttpVersion";
        }
        success = false;
      }
    } else if (error != null) {
      log.error("Error for HTTP request", "err", error.type() + ": " + error.getMessage());
      failure = error.type();
    }
    if (tooMany) {
      log.info("Not following redirect");
    }
    ProbeTls.Chain tls = haveResponse ? last.tls() : null;
    if (tls != null && module.failIfSsl()) {
      log.error("Final request was over SSL");
      if (success) {
        failure = "Ssl";
      }
      success = false;
    } else if (tls == null && module.failIfNotSsl()) {
      log.error("Final request was not over SSL");
      if (success) {
        failure = "NotSsl";
      }
      success = false;
    }
    if (typeOverride != null) {
      success = false;
      failure = typeOverride;
    }

    PrometheusText t = new PrometheusText();
    Duration dns = firstDns(r, error);
    double lookup = resolveFailed ? tookNanos / 1e9 : seconds(dns);
    t.single("probe_dns_lookup_time_seconds", "Returns the time taken for probe dns lookup in seconds", lookup);
    t.single("probe_ip_protocol", "Specifies whether probe ip protocol is IP4 or IP6",
        firstAddress == null ? 0 : firstAddress instanceof Inet4Address ? 4 : 6);
    t.single("probe_ip_addr_hash", "Specifies the hash of IP address. It's useful to detect if the IP address changes.",
        firstAddress == null ? 0 : ipHash(firstAddress));
    t.gauge("probe_http_duration_seconds", "Duration of http request by phase, summed over all redirects");
    if (resolveFailed) {
      t.sample("probe_http_duration_seconds", "phase", "resolve", lookup);
    } else {
      double[] phases = phases(r, error, haveResponse && !requestErrored);
      for (int i = 0; i < PHASES.length; i++) {
        t.sample("probe_http_duration_seconds", "phase", PHASES[i], phases[i]);
      }
    }
    t.single("probe_http_status_code", "Response HTTP status code", haveResponse ? last.status() : 0);
    t.single("probe_http_content_length", "Length of http content response",
        haveResponse ? contentLength(last, r) : 0);
    t.single("probe_http_uncompressed_body_length", "Length of uncompressed response body",
        body == null ? 0 : body.count());
    t.single("probe_http_redirects", "The number of redirects", redirects);
    t.single("probe_http_ssl", "Indicates if SSL was used for the final redirect", tls != null ? 1 : 0);
    t.single("probe_http_version", "Returns the version of HTTP of the probe response",
        haveResponse ? httpVersion(last.version()) : 0);
    t.single("probe_failed_due_to_regex", "Indicates if probe failed due to regex", regex);
    if (haveResponse) {
      Long lastModified = ProbeDates.parseHttpDate(last.header("Last-Modified"));
      if (lastModified != null) {
        t.single("probe_http_last_modified_timestamp_seconds",
            "Returns the Last-Modified HTTP response header in unixtime", lastModified);
      }
    }
    if (tls != null) {
      t.single("probe_ssl_earliest_cert_expiry", "Returns last SSL chain expiry in unixtime", tls.earliestExpiry());
      t.gauge("probe_tls_version_info", "Returns the TLS version used or NaN when unknown")
          .sample("probe_tls_version_info", "version", tls.version(), 1);
      t.single("probe_ssl_last_chain_expiry_timestamp_seconds", "Returns last SSL chain expiry in timestamp",
          tls.lastChainExpiry());
      t.gauge("probe_ssl_last_chain_info", "Contains SSL leaf certificate information")
          .sample("probe_ssl_last_chain_info", List.of(
              "fingerprint_sha256", tls.fingerprintSha256(),
              "subject", tls.subject(),
              "issuer", tls.issuer(),
              "subjectalternative", tls.subjectAlternative()), 1);
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

  /** The body of the final response as blackbox reads it. */
  private ProbeBody bodyOf(FetchResult r, FetchException error) {
    if (r != null) {
      return ProbeBody.read(r.body(), r.bytes(), module.compression(), module.bodySizeLimit());
    }
    // the head arrived, the body did not finish
    if (error instanceof BodyTooLargeException && module.bodySizeLimit() > 0 && !module.decodes()) {
      return ProbeBody.failed(module.bodySizeLimit());
    }
    return ProbeBody.failed(0);
  }

  /**
   * Go's {@code resp.ContentLength}: the {@code Content-Length} header, -1 when absent or invalid
   * (chunked, or read to the close); 0 for 204, 304 and the response to a HEAD without one.
   */
  private long contentLength(Head last, FetchResult r) {
    String v = last.header("Content-Length");
    boolean chunked = false;
    for (String te : last.values("Transfer-Encoding")) {
      chunked |= te.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }
    if (last.status() == 204 || last.status() == 304 || (last.status() >= 100 && last.status() < 200)) {
      return 0;
    }
    if (chunked && module.method() != io.fetchd.client.FetchMethod.HEAD) {
      return -1;
    }
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private boolean headersPass(Head last) {
    for (ProbeModule.HeaderMatch m : module.failIfHeaderMatches()) {
      List<String> values = last.values(m.header());
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
      List<String> values = last.values(m.header());
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

  /** Every hop's timings: those completed, then the one that failed, if any. */
  private static List<Timings> timings(FetchResult r, FetchException error) {
    List<Timings> all = new ArrayList<>();
    List<Hop> hops = r != null ? r.hops() : error != null && error.details() != null ? error.details().hops() : List.of();
    for (Hop h : hops) {
      if (h.timings() != null) {
        all.add(h.timings());
      }
    }
    if (r != null && hops.isEmpty() && r.timings() != null) {
      all.add(r.timings());
    }
    if (r == null && error != null && error.details() != null && error.details().timings() != null) {
      all.add(error.details().timings());
    }
    return all;
  }

  /** The first hop's DNS lookup: blackbox's own resolution of the target; null when none ran. */
  private static Duration firstDns(FetchResult r, FetchException error) {
    List<Timings> all = timings(r, error);
    return all.isEmpty() ? null : all.get(0).dns();
  }

  /**
   * Blackbox's phases: resolve, connect, tls and processing summed over every round trip, the
   * failing one included; transfer of the final response only, when its body was read.
   */
  private static double[] phases(FetchResult r, FetchException error, boolean bodyRead) {
    double[] out = new double[PHASES.length];
    List<Timings> all = timings(r, error);
    for (Timings t : all) {
      out[0] += seconds(t.dns());
      out[1] += seconds(t.connect());
      out[2] += seconds(t.tls());
      out[3] += seconds(t.ttfb());
    }
    if (bodyRead && !all.isEmpty()) {
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
