package io.fetchd.client.policy;

import java.util.List;
import java.util.Optional;

/**
 * The built-in classification of destination addresses: which are not globally reachable
 * (IANA special-purpose registries, cloud metadata endpoints) and why. IPv4 carried inside IPv6
 * (mapped, translated, compatible, NAT64, 6to4, Teredo) is unwrapped and classified too.
 *
 * <p>Stateless; any thread.
 */
public final class AddressClassifier {

  private record Entry(Cidr cidr, BlockReason reason) {}

  /** Most specific first: the first match wins. */
  private static final List<Entry> IPV4 = List.of(
      entry("169.254.169.254/32", BlockReason.CLOUD_METADATA),
      entry("168.63.129.16/32", BlockReason.CLOUD_METADATA),
      entry("100.100.100.200/32", BlockReason.CLOUD_METADATA),
      entry("255.255.255.255/32", BlockReason.BROADCAST),
      entry("0.0.0.0/8", BlockReason.UNSPECIFIED),
      entry("10.0.0.0/8", BlockReason.PRIVATE),
      entry("100.64.0.0/10", BlockReason.CGNAT),
      entry("127.0.0.0/8", BlockReason.LOOPBACK),
      entry("169.254.0.0/16", BlockReason.LINK_LOCAL),
      entry("172.16.0.0/12", BlockReason.PRIVATE),
      entry("192.0.0.0/24", BlockReason.RESERVED),
      entry("192.0.2.0/24", BlockReason.DOCUMENTATION),
      entry("192.88.99.0/24", BlockReason.RESERVED),
      entry("192.168.0.0/16", BlockReason.PRIVATE),
      entry("198.18.0.0/15", BlockReason.RESERVED),
      entry("198.51.100.0/24", BlockReason.DOCUMENTATION),
      entry("203.0.113.0/24", BlockReason.DOCUMENTATION),
      entry("224.0.0.0/4", BlockReason.MULTICAST),
      entry("240.0.0.0/4", BlockReason.RESERVED));

  /** Checked before unwrapping embedded IPv4. */
  private static final List<Entry> IPV6_EXACT = List.of(
      entry("::/128", BlockReason.UNSPECIFIED),
      entry("::1/128", BlockReason.LOOPBACK),
      entry("fd00:ec2::254/128", BlockReason.CLOUD_METADATA),
      entry("fd00:ec2::23/128", BlockReason.CLOUD_METADATA));

  /** Checked after unwrapping; anything outside 2000::/3 not listed is RESERVED. */
  private static final List<Entry> IPV6 = List.of(
      entry("64:ff9b:1::/48", BlockReason.RESERVED),
      entry("100::/64", BlockReason.RESERVED),
      entry("100:0:0:1::/64", BlockReason.RESERVED),
      entry("2001:db8::/32", BlockReason.DOCUMENTATION),
      entry("2001::/23", BlockReason.RESERVED),
      entry("3fff::/20", BlockReason.DOCUMENTATION),
      entry("5f00::/16", BlockReason.RESERVED),
      entry("fc00::/7", BlockReason.UNIQUE_LOCAL),
      entry("fe80::/10", BlockReason.LINK_LOCAL),
      entry("fec0::/10", BlockReason.RESERVED),
      entry("ff00::/8", BlockReason.MULTICAST));

  private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");

  private AddressClassifier() {}

  /**
   * Why the address must not be fetched, or empty when it is globally reachable.
   *
   * @param address 4 or 16 network-order octets
   * @return the reason it is blocked, or empty
   * @throws IllegalArgumentException for any other length
   */
  public static Optional<BlockReason> classify(byte[] address) {
    if (address.length == 4) {
      return match(IPV4, address);
    }
    if (address.length != 16) {
      throw new IllegalArgumentException("address needs 4 or 16 octets, got " + address.length);
    }
    Optional<BlockReason> exact = match(IPV6_EXACT, address);
    if (exact.isPresent()) {
      return exact;
    }
    EmbeddedIpv4.Kind kind = EmbeddedIpv4.kind(address);
    if (kind != EmbeddedIpv4.Kind.NONE) {
      for (byte[] inner : EmbeddedIpv4.extract(address)) {
        Optional<BlockReason> reason = match(IPV4, inner);
        if (reason.isPresent()) {
          return reason;
        }
      }
      // Deprecated carriers inside ::/8 are not routable on their own.
      if (kind == EmbeddedIpv4.Kind.COMPATIBLE || kind == EmbeddedIpv4.Kind.TRANSLATED) {
        return Optional.of(BlockReason.RESERVED);
      }
      return Optional.empty();
    }
    Optional<BlockReason> listed = match(IPV6, address);
    if (listed.isPresent()) {
      return listed;
    }
    return GLOBAL_UNICAST.contains(address) ? Optional.empty() : Optional.of(BlockReason.RESERVED);
  }

  private static Optional<BlockReason> match(List<Entry> table, byte[] address) {
    for (Entry entry : table) {
      if (entry.cidr().contains(address)) {
        return Optional.of(entry.reason());
      }
    }
    return Optional.empty();
  }

  private static Entry entry(String cidr, BlockReason reason) {
    return new Entry(Cidr.parse(cidr), reason);
  }
}
