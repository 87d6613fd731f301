package io.fetchd.client.policy;

import io.fetchd.client.url.FetchUrl;
import io.fetchd.client.url.Host;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SSRF guard: decides whether fetchd may connect to a destination address and port.
 *
 * <p><b>How the client must use it.</b> Resolve the host name once; {@link #check(InetAddress,
 * int) check} every resolved address; then connect to the checked {@link InetAddress} object
 * itself, never to the name again. Resolving twice (once to check, once to connect) lets a DNS
 * rebinding attacker answer differently the second time. For IP-literal URLs,
 * {@link #checkLiteral(FetchUrl)} decides before any DNS work; redirects are checked again,
 * hop by hop.
 *
 * <p><b>Precedence.</b> An explicit deny rule beats everything (even a disabled policy); then an
 * explicit allow rule (a port-scoped rule only for its port); then the built-in
 * {@link AddressClassifier} (loopback, RFC 1918, CGNAT, link-local, cloud metadata, unique
 * local, multicast, unspecified, broadcast, documentation, reserved; IPv4 embedded in IPv6 is
 * unwrapped); anything left is allowed. Deny rules also match IPv4 addresses embedded in IPv6;
 * allow rules match the address itself or, for {@code ::ffff:a.b.c.d}, the IPv4 it maps to.
 *
 * <p>Immutable and safe to share between threads; {@code check} does no I/O and never resolves.
 */
public final class AddressPolicy {

  private static final AddressPolicy STRICT = builder().build();

  private final boolean enabled;
  private final List<AllowRule> allowRules;
  private final List<Cidr> denyRules;

  private AddressPolicy(Builder builder) {
    this.enabled = builder.enabled;
    this.allowRules = List.copyOf(builder.allowRules);
    this.denyRules = List.copyOf(builder.denyRules);
  }

  /**
   * The default: enabled, no allow rules, no deny rules.
   *
   * @return the strict policy
   */
  public static AddressPolicy strict() {
    return STRICT;
  }

  /**
   * A builder whose defaults equal {@link #strict()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Why the destination is refused, or empty if fetchd may connect.
   *
   * @param address 4 or 16 network-order octets
   * @param port the destination port, 0 to 65535
   * @return the reason it is refused, or empty
   * @throws IllegalArgumentException for another address length or port
   */
  public Optional<BlockReason> check(byte[] address, int port) {
    Objects.requireNonNull(address, "address");
    if (address.length != 4 && address.length != 16) {
      throw new IllegalArgumentException("address needs 4 or 16 octets, got " + address.length);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0-65535");
    }
    if (isDenied(address)) {
      return Optional.of(BlockReason.DENY_LIST);
    }
    if (!enabled || isAllowed(address, port)) {
      return Optional.empty();
    }
    return AddressClassifier.classify(address);
  }

  /**
   * {@link #check(byte[], int)} on {@link InetAddress#getAddress()}; never performs a lookup.
   *
   * @param address the destination address
   * @param port the destination port
   * @return the reason it is refused, or empty
   */
  public Optional<BlockReason> check(InetAddress address, int port) {
    return check(Objects.requireNonNull(address, "address").getAddress(), port);
  }

  /**
   * The decision for a URL whose host is an IP literal, made before any DNS; empty for domain
   * names, which are decided per resolved address.
   *
   * @param url the URL to check
   * @return the reason it is refused, or empty
   */
  public Optional<BlockReason> checkLiteral(FetchUrl url) {
    Host host = url.host();
    if (host instanceof Host.Ipv4 v4) {
      return check(v4.toBytes(), url.port());
    }
    if (host instanceof Host.Ipv6 v6) {
      return check(v6.bytes(), url.port());
    }
    return Optional.empty();
  }

  /**
   * Whether the built-in classification and allow rules apply (deny rules always do).
   *
   * @return whether built-in blocking is on
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The allow rules, in the order given.
   *
   * @return the allow rules
   */
  public List<AllowRule> allowRules() {
    return allowRules;
  }

  /**
   * The deny rules, in the order given.
   *
   * @return the deny rules
   */
  public List<Cidr> denyRules() {
    return denyRules;
  }

  @Override
  public String toString() {
    return "AddressPolicy{enabled=" + enabled + ", allow=" + allowRules + ", deny=" + denyRules + "}";
  }

  private boolean isDenied(byte[] address) {
    if (denyRules.isEmpty()) {
      return false;
    }
    for (Cidr deny : denyRules) {
      if (deny.contains(address)) {
        return true;
      }
    }
    if (address.length == 16) {
      for (byte[] embedded : EmbeddedIpv4.extract(address)) {
        for (Cidr deny : denyRules) {
          if (deny.contains(embedded)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private boolean isAllowed(byte[] address, int port) {
    byte[] mapped = EmbeddedIpv4.kind(address) == EmbeddedIpv4.Kind.MAPPED
        ? EmbeddedIpv4.extract(address).get(0) : null;
    for (AllowRule allow : allowRules) {
      if (allow.matches(address, port) || (mapped != null && allow.matches(mapped, port))) {
        return true;
      }
    }
    return false;
  }

  /** Collects rules for an {@link AddressPolicy}. Not thread-safe; build on one thread. */
  public static final class Builder {

    private boolean enabled = true;
    private final List<AllowRule> allowRules = new ArrayList<>();
    private final List<Cidr> denyRules = new ArrayList<>();

    private Builder() {}

    /**
     * Adds allow rules in {@link AllowRule} syntax ({@code 127.0.0.1/32:8081}). Default: none.
     *
     * @param rules the rules to add
     * @return this builder
     * @throws IllegalArgumentException naming the first invalid rule
     */
    public Builder allow(String... rules) {
      for (String rule : rules) {
        allowRules.add(AllowRule.parse(rule));
      }
      return this;
    }

    /**
     * Adds deny rules in {@link Cidr} syntax ({@code 10.0.0.0/8}, {@code 2001:db8::1}). They win
     * over everything. Default: none.
     *
     * @param cidrs the blocks to deny
     * @return this builder
     * @throws IllegalArgumentException naming the first invalid rule
     */
    public Builder deny(String... cidrs) {
      for (String cidr : cidrs) {
        try {
          denyRules.add(Cidr.parse(cidr));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("invalid deny rule '" + cidr + "': " + e.getMessage(), e);
        }
      }
      return this;
    }

    /**
     * Whether built-in blocking is on. Default: true. When false every address is allowed
     * except those matching a deny rule.
     *
     * @param enabled whether built-in blocking is on
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * The immutable policy.
     *
     * @return the policy
     */
    public AddressPolicy build() {
      return new AddressPolicy(this);
    }
  }
}
