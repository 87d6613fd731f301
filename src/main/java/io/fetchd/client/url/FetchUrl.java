package io.fetchd.client.url;

import java.util.Objects;
import java.util.Optional;

/**
 * An absolute, validated, normalized {@code http} or {@code https} URL: the only form in which a
 * URL reaches the connection and request code.
 *
 * <p>{@link #parse} guarantees: the scheme is {@code http} or {@code https} (lower case); there
 * is a non-empty host, parsed by {@link HostParser} as a browser would; the port is 1 to 65535
 * (80 or 443 when absent); the path starts with {@code /}, has no dot segments and carries only
 * characters legal in a request target (others are percent-encoded as UTF-8, existing
 * {@code %XX} escapes are kept); the fragment is dropped. No control character or whitespace
 * survives anywhere, so the request line and {@code Host} header cannot be split.
 *
 * <p>Userinfo is kept apart: it is in {@link #userInfo()} and in equality, but never in
 * {@link #toString()}, {@link #redacted()}, {@link #origin()} or {@link #requestTarget()}.
 *
 * <p>Two URLs are equal when their normalized forms (and userinfo) are equal, which is what
 * redirect-loop detection compares. Immutable; any thread.
 */
public final class FetchUrl {

  private final String scheme;
  private final String userInfo;
  private final Host host;
  private final int port;
  private final String path;
  private final String query;
  // Derived once: the fetcher asks for each of these at least once per fetch.
  private final String hostString;
  private final String hostHeader;
  private final String requestTarget;
  private final String normalized;
  /** {@link #origin()}, made on first use (racy but safe: any thread makes the same String). */
  private String origin;

  FetchUrl(String scheme, String userInfo, Host host, int port, String path, String query) {
    this.scheme = scheme;
    this.userInfo = userInfo;
    this.host = host;
    this.port = port;
    this.path = path;
    this.query = query;
    this.hostString = host.toUrlString();
    this.hostHeader = isDefaultPort() ? hostString : hostString + ":" + port;
    this.requestTarget = query == null ? path : path + "?" + query;
    this.normalized = scheme + "://" + hostHeader + requestTarget;
  }

  /**
   * Parses an absolute URL.
   *
   * @param url the URL's text
   * @return the parsed URL
   * @throws UrlSyntaxException if the text has a control character or whitespace anywhere, no
   *     scheme, no host, an invalid host or a port that is not a number from 1 to 65535
   * @throws UrlSchemeException if the scheme is anything but http or https
   */
  public static FetchUrl parse(String url) throws UrlSyntaxException, UrlSchemeException {
    return UrlParser.parse(Objects.requireNonNull(url, "url"));
  }

  /**
   * Resolves a reference against this URL as RFC 3986 section 5 (and browsers) do, for redirect
   * {@code Location} headers: absolute ({@code https://h/p}), scheme-relative ({@code //h/p}),
   * absolute-path ({@code /p}), relative-path ({@code ../p}, dot segments removed), query-only
   * ({@code ?q}) or empty/fragment-only (this URL). Relative forms keep this URL's userinfo. The
   * result is validated exactly as {@link #parse} validates.
   *
   * @param reference the reference, e.g. a {@code Location} header
   * @return the resolved URL
   * @throws UrlSyntaxException if the result is not a valid URL
   * @throws UrlSchemeException if the result's scheme is neither http nor https
   */
  public FetchUrl resolve(String reference) throws UrlSyntaxException, UrlSchemeException {
    return ReferenceResolver.resolve(this, Objects.requireNonNull(reference, "reference"));
  }

  /**
   * {@code "http"} or {@code "https"}.
   *
   * @return the scheme
   */
  public String scheme() {
    return scheme;
  }

  /**
   * True when the scheme is https.
   *
   * @return whether it is https
   */
  public boolean isHttps() {
    return scheme.equals("https");
  }

  /**
   * The parsed host.
   *
   * @return the host
   */
  public Host host() {
    return host;
  }

  /**
   * The host as written in the Host header: a domain, a dotted-quad IPv4 or a bracketed IPv6.
   *
   * @return the host as text
   */
  public String hostString() {
    return hostString;
  }

  /**
   * The name to send in TLS SNI: the domain without a trailing dot; empty for IP literals, which
   * RFC 6066 does not allow in SNI.
   *
   * @return the SNI name, or empty
   */
  public Optional<String> tlsServerName() {
    return host instanceof Host.Domain domain ? Optional.of(domain.withoutTrailingDot()) : Optional.empty();
  }

  /**
   * The port to connect to, explicit or the scheme default (80, 443).
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * True when the port is the scheme's default.
   *
   * @return whether the port is the default
   */
  public boolean isDefaultPort() {
    return port == (isHttps() ? 443 : 80);
  }

  /**
   * The normalized path, starting with {@code /}.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * The normalized query without its {@code ?}; present but empty for a URL ending in {@code ?}.
   *
   * @return the query, or empty
   */
  public Optional<String> query() {
    return Optional.ofNullable(query);
  }

  /**
   * The percent-encoded {@code user[:password]}, if the URL carried non-empty userinfo.
   *
   * @return the userinfo, or empty
   */
  public Optional<String> userInfo() {
    return Optional.ofNullable(userInfo);
  }

  /**
   * The request-line target: path plus {@code ?query} when there is one.
   *
   * @return the request target
   */
  public String requestTarget() {
    return requestTarget;
  }

  /**
   * {@code scheme://host:port}, always with the port: the connection-pool key.
   *
   * @return the origin
   */
  public String origin() {
    String o = origin;
    if (o == null) {
      o = scheme + "://" + hostString + ":" + port;
      origin = o;
    }
    return o;
  }

  /**
   * The Host header value: the host, plus {@code :port} only when it is not the default.
   *
   * @return the Host header value
   */
  public String hostHeader() {
    return hostHeader;
  }

  /**
   * {@code scheme://host[:port]/path}: no userinfo, no query. Safe for logs and metric labels.
   *
   * @return the redacted URL
   */
  public String redacted() {
    return scheme + "://" + hostHeader() + path;
  }

  /** {@code scheme://[userinfo@]host[:port]}: the prefix relative references resolve under. */
  String authorityPrefix() {
    return scheme + "://" + (userInfo == null ? "" : userInfo + "@") + hostHeader();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FetchUrl other && normalized.equals(other.normalized)
        && Objects.equals(userInfo, other.userInfo);
  }

  @Override
  public int hashCode() {
    return normalized.hashCode() * 31 + Objects.hashCode(userInfo);
  }

  /** The full normalized URL without userinfo or fragment (the query is included). */
  @Override
  public String toString() {
    return normalized;
  }
}
