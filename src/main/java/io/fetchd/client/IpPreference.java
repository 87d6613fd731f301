package io.fetchd.client;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Which of a host's addresses a fetch dials. An IP literal is its own single address. Immutable;
 * any thread.
 */
public enum IpPreference {
  /** The first address the resolver gave (IPv4 first). */
  ANY,
  /** The first IPv4 address, else the first IPv6 one. */
  PREFER_IP4,
  /** The first IPv6 address, else the first IPv4 one. */
  PREFER_IP6,
  /** The first IPv4 address; none is a DNS failure. */
  ONLY_IP4,
  /** The first IPv6 address; none is a DNS failure. */
  ONLY_IP6;

  /**
   * The address to dial.
   *
   * @param addresses a resolver's answer, in its order
   * @return the address to dial among {@code addresses}, or null when none is acceptable
   */
  public InetAddress choose(List<InetAddress> addresses) {
    if (addresses.isEmpty()) {
      return null;
    }
    if (this == ANY) {
      return addresses.get(0);
    }
    boolean wantV4 = this == PREFER_IP4 || this == ONLY_IP4;
    for (InetAddress a : addresses) {
      if ((a instanceof Inet4Address) == wantV4) {
        return a;
      }
    }
    return this == ONLY_IP4 || this == ONLY_IP6 ? null : addresses.get(0);
  }
}
