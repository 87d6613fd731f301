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
 * @param dnsMaxTtl the longest a DNS answer is cached, whatever its TTL; default 1 hour
 * @param userAgent the {@code User-Agent} sent unless a request sets one; default
 *     {@code fetchd/<version>}
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
    String userAgent) {

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
          Version.USER_AGENT);

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
    return new FetcherConfig(n, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, userAgent);
  }

  /**
   * A copy with {@code maxInFlight} replaced.
   *
   * @param n the new {@code maxInFlight}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withMaxInFlight(int n) {
    return new FetcherConfig(maxConnectionsPerHost, n, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, userAgent);
  }

  /**
   * A copy with {@code maxQueuedPerOrigin} replaced.
   *
   * @param n the new {@code maxQueuedPerOrigin}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withMaxQueuedPerOrigin(int n) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, n, idleTimeout, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, userAgent);
  }

  /**
   * A copy with {@code idleTimeout} replaced.
   *
   * @param d the new {@code idleTimeout}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withIdleTimeout(Duration d) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, d, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, userAgent);
  }

  /**
   * A copy with {@code addressPolicy} replaced.
   *
   * @param p the new {@code addressPolicy}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withAddressPolicy(AddressPolicy p) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, p, trustedCaFile, dnsServers, dnsMaxTtl, userAgent);
  }

  /**
   * A copy with {@code trustedCaFile} replaced.
   *
   * @param p the new {@code trustedCaFile}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withTrustedCaFile(Path p) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, p, dnsServers, dnsMaxTtl, userAgent);
  }

  /**
   * A copy with {@code dnsServers} replaced.
   *
   * @param servers the new {@code dnsServers}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withDnsServers(List<InetSocketAddress> servers) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, servers, dnsMaxTtl, userAgent);
  }

  /**
   * A copy with {@code userAgent} replaced.
   *
   * @param ua the new {@code userAgent}
   * @return a copy of this FetcherConfig
   */
  public FetcherConfig withUserAgent(String ua) {
    return new FetcherConfig(maxConnectionsPerHost, maxInFlight, maxQueuedPerOrigin, idleTimeout, addressPolicy, trustedCaFile, dnsServers, dnsMaxTtl, ua);
  }
}
