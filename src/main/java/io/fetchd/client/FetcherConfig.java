package io.fetchd.client;

import io.fetchd.client.policy.AddressPolicy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link HttpFetcher} connects: pool limits, address policy, TLS trust and DNS. Immutable;
 * change one setting with a {@code with...} method. Invalid values fail at construction with the
 * rule in the message.
 *
 * @param maxConnectionsPerHost requests in flight (so connections in use) per origin
 *     ({@code scheme://host:port}); default 32
 * @param maxInFlight requests in flight across all origins; default 1024
 * @param maxQueuedPerOrigin requests that may wait for a slot per origin before new ones fail at
 *     once with {@link QueueFullException}; default 10,000
 * @param idleTimeout how long an idle pooled connection is kept; below common server keep-alive
 *     timeouts (Apache and Node close after 5 s); default 4 s
 * @param addressPolicy which destinations may be dialled; default {@link AddressPolicy#strict()}
 * @param trustedCaFile a PEM file of CA certificates trusted in addition to nothing else (private
 *     upstreams), or null for the JDK's default trust store; default null
 * @param dnsServers DNS servers to ask, or empty for the system's ({@code /etc/resolv.conf});
 *     {@code /etc/hosts} is read either way; default empty
 * @param dnsMaxTtl the longest a DNS answer is cached, whatever its TTL; 0 caches nothing (every
 *     fetch asks anew, failures included); default 1 hour
 * @param userAgent the {@code User-Agent} sent unless a request sets one; default
 *     {@code fetchd/<version>}
 * @param insecureSkipVerify accept any server certificate and name (blackbox's {@code tls_config:
 *     insecure_skip_verify}, for probe modules that ask for it; never for batches); default false
 * @param tlsServerName the name sent as SNI and verified in the certificate on every TLS
 *     connection, instead of the URL's host (blackbox's {@code tls_config: server_name}), or null
 *     for the URL's host; connections are pooled by origin only, so give such a config a fetcher
 *     of its own; default null
 * @param tlsMinVersion the oldest TLS version offered: {@code TLSv1.2} (default) or {@code TLSv1.3}
 */
public record FetcherConfig(
    int maxConnectionsPerHost,
    int maxInFlight,
    int maxQueuedPerOrigin,
    Duration idleTimeout,
    AddressPolicy addressPolicy,
    Path trustedCaFile,
    List<InetSocketAddress> dnsServers,
    Duration dnsMaxTtl,
    String userAgent,
    boolean insecureSkipVerify,
    String tlsServerName,
    String tlsMinVersion) {

  /** TLS 1.2, the default {@code tlsMinVersion}. */
  public static final String TLS_1_2 = "TLSv1.2";

  /** TLS 1.3. */
  public static final String TLS_1_3 = "TLSv1.3";

  /** The defaults listed above. */
  public static final FetcherConfig DEFAULTS =
      new FetcherConfig(
          32,
          1024,
          10_000,
          Duration.ofSeconds(4),
          AddressPolicy.strict(),
          null,
          List.of(),
          Duration.ofHours(1),
          Version.USER_AGENT,
          false,
          null,
          TLS_1_2);

  /**
   * Checks the components.
   *
   * @param maxConnectionsPerHost requests in flight (so connections in use) per origin ({@code
   *     scheme://host:port})
   * @param maxInFlight requests in flight across all origins
   * @param maxQueuedPerOrigin requests that may wait for a slot per origin before new ones fail at
   *     once with {@link QueueFullException}
   * @param idleTimeout how long an idle pooled connection is kept
   * @param addressPolicy which destinations may be dialled
   * @param trustedCaFile a PEM file of CA certificates trusted in addition to nothing else (private
   *     upstreams), or null for the JDK's default trust store
   * @param dnsServers DNS servers to ask, or empty for the system's ({@code /etc/resolv.conf})
   * @param dnsMaxTtl the longest a DNS answer is cached, whatever its TTL
   * @param userAgent the {@code User-Agent} sent unless a request sets one
   * @param insecureSkipVerify accept any server certificate and name
   * @param tlsServerName the name sent as SNI and verified, or null for the URL's host
   * @param tlsMinVersion the oldest TLS version offered: {@code TLSv1.2} or {@code TLSv1.3}
   */
  public FetcherConfig {
    atLeast("maxConnectionsPerHost", maxConnectionsPerHost, 1);
    atLeast("maxInFlight", maxInFlight, 1);
    atLeast("maxQueuedPerOrigin", maxQueuedPerOrigin, 0);
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must not be negative, got " + idleTimeout);
    }
    Objects.requireNonNull(addressPolicy, "addressPolicy");
    dnsServers = List.copyOf(dnsServers);
    Objects.requireNonNull(dnsMaxTtl, "dnsMaxTtl");
    Objects.requireNonNull(userAgent, "userAgent");
    try {
      userAgent = io.fetchd.client.url.HeaderValidator.validateValue("User-Agent", userAgent);
    } catch (InvalidRequestException e) {
      throw new IllegalArgumentException("userAgent: " + e.getMessage(), e);
    }
    if (tlsServerName != null && tlsServerName.isEmpty()) {
      throw new IllegalArgumentException("tlsServerName must not be empty (null means the URL's host)");
    }
    if (!TLS_1_2.equals(tlsMinVersion) && !TLS_1_3.equals(tlsMinVersion)) {
      throw new IllegalArgumentException(
          "tlsMinVersion must be " + TLS_1_2 + " or " + TLS_1_3 + ", got " + tlsMinVersion);
    }
  }

  /**
   * The TLS versions offered, newest first.
   *
   * @return {@code TLSv1.3} and, unless the minimum is 1.3, {@code TLSv1.2}
   */
  public List<String> tlsProtocols() {
    return TLS_1_3.equals(tlsMinVersion) ? List.of(TLS_1_3) : List.of(TLS_1_3, TLS_1_2);
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }

  /**
   * A copy with {@code maxConnectionsPerHost} replaced.
   *
   * @param n the new {@code maxConnectionsPerHost}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withMaxConnectionsPerHost(int n) {
    return new FetcherConfig(n, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, userAgent, insecureSkipVerify, tlsServerName, tlsMinVersion);
  }

  /**
   * A copy with {@code maxInFlight} replaced.
   *
   * @param n the new {@code maxInFlight}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withMaxInFlight(int n) {
    return new FetcherConfig(maxConnectionsPerHost, n, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, userAgent, insecureSkipVerify, tlsServerName, tlsMinVersion);
  }

  /**
   * A copy with {@code maxQueuedPerOrigin} replaced.
   *
   * @param n the new {@code maxQueuedPerOrigin}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withMaxQueuedPerOrigin(int n) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, n, idleTimeout, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, userAgent, insecureSkipVerify, tlsServerName, tlsMinVersion);
  }

  /**
   * A copy with {@code idleTimeout} replaced.
   *
   * @param d the new {@code idleTimeout}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withIdleTimeout(Duration d) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, d, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, userAgent, insecureSkipVerify, tlsServerName, tlsMinVersion);
  }

  /**
   * A copy with {@code addressPolicy} replaced.
   *
   * @param p the new {@code addressPolicy}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withAddressPolicy(AddressPolicy p) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, p, trustedCaFile, dnsServers, dnsMaxTtl, userAgent, insecureSkipVerify, tlsServerName, tlsMinVersion);
  }

  /**
   * A copy with {@code trustedCaFile} replaced.
   *
   * @param p the new {@code trustedCaFile}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withTrustedCaFile(Path p) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, p, dnsServers, dnsMaxTtl, userAgent, insecureSkipVerify, tlsServerName, tlsMinVersion);
  }

  /**
   * A copy with {@code dnsServers} replaced.
   *
   * @param servers the new {@code dnsServers}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withDnsServers(List<InetSocketAddress> servers) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, servers, dnsMaxTtl, userAgent, insecureSkipVerify, tlsServerName, tlsMinVersion);
  }

  /**
   * A copy with {@code dnsMaxTtl} replaced.
   *
   * @param ttl the new {@code dnsMaxTtl}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withDnsMaxTtl(Duration ttl) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, dnsServers, ttl, userAgent, insecureSkipVerify, tlsServerName, tlsMinVersion);
  }

  /**
   * This config for a fetcher that never reuses anything, as a blackbox probe must: no idle
   * connection is kept (each request dials, and its connect and TLS phases are real) and no DNS
   * answer is cached. Give it a fetcher of its own, so its requests share nothing with others.
   *
   * @return a copy of this FetcherConfig that keeps no connection and no DNS answer
   */
  public FetcherConfig withoutReuse() {
    return withIdleTimeout(Duration.ZERO).withDnsMaxTtl(Duration.ZERO);
  }

  /**
   * A copy with {@code userAgent} replaced.
   *
   * @param ua the new {@code userAgent}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withUserAgent(String ua) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, ua, insecureSkipVerify, tlsServerName, tlsMinVersion);
  }

  /**
   * A copy with {@code insecureSkipVerify} replaced.
   *
   * @param on the new {@code insecureSkipVerify}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withInsecureSkipVerify(boolean on) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, userAgent, on, tlsServerName, tlsMinVersion);
  }

  /**
   * A copy with {@code tlsServerName} replaced.
   *
   * @param name the new {@code tlsServerName}, or null for the URL's host
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withTlsServerName(String name) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, userAgent, insecureSkipVerify, name, tlsMinVersion);
  }

  /**
   * A copy with {@code tlsMinVersion} replaced.
   *
   * @param version the new {@code tlsMinVersion}: {@link #TLS_1_2} or {@link #TLS_1_3}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withTlsMinVersion(String version) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, userAgent, insecureSkipVerify, tlsServerName, version);
  }
}
