package io.fetchd.client.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds IPv4 addresses carried inside IPv6 addresses, which would otherwise let
 * {@code ::ffff:127.0.0.1} or {@code 64:ff9b::a9fe:a9fe} slip past an IPv4 block list.
 *
 * <p>Stateless; any thread.
 */
final class EmbeddedIpv4 {

  /** How an IPv4 address is carried. */
  enum Kind {
    /** {@code ::ffff:a.b.c.d} (RFC 4291): the OS connects to a.b.c.d itself. */
    MAPPED,
    /** {@code ::ffff:0:a.b.c.d} (RFC 2765 SIIT). */
    TRANSLATED,
    /** {@code ::a.b.c.d} (deprecated, RFC 4291). */
    COMPATIBLE,
    /** {@code 64:ff9b::a.b.c.d} (RFC 6052 well-known NAT64 prefix). */
    NAT64,
    /** {@code 2002:aabb:ccdd::/48} (RFC 3056 6to4): the IPv4 is bits 16 to 47. */
    SIX_TO_FOUR,
    /** {@code 2001:0::/32} (RFC 4380): server in bits 32 to 63, client inverted in the last 32. */
    TEREDO,
    /** Not an IPv6 address carrying IPv4. */
    NONE
  }

  private static final byte[] ZEROS = new byte[12];

  private EmbeddedIpv4() {}

  /** How the 16-octet address carries IPv4, if at all. */
  static Kind kind(byte[] a) {
    if (a.length != 16) {
      return Kind.NONE;
    }
    if (zero(a, 0, 10) && ff(a, 10)) {
      return Kind.MAPPED;
    }
    if (zero(a, 0, 8) && ff(a, 8) && zero(a, 10, 12)) {
      return Kind.TRANSLATED;
    }
    if (zero(a, 0, 12)) {
      return Kind.COMPATIBLE;
    }
    if (a[0] == 0 && a[1] == 0x64 && a[2] == (byte) 0xff && a[3] == (byte) 0x9b && zero(a, 4, 12)) {
      return Kind.NAT64;
    }
    if (a[0] == 0x20 && a[1] == 0x02) {
      return Kind.SIX_TO_FOUR;
    }
    if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) {
      return Kind.TEREDO;
    }
    return Kind.NONE;
  }

  /** Every IPv4 address the 16-octet address carries (two for Teredo), or none. */
  static List<byte[]> extract(byte[] a) {
    List<byte[]> out = new ArrayList<>(2);
    switch (kind(a)) {
      case MAPPED, TRANSLATED, COMPATIBLE, NAT64 -> out.add(Arrays.copyOfRange(a, 12, 16));
      case SIX_TO_FOUR -> out.add(Arrays.copyOfRange(a, 2, 6));
      case TEREDO -> {
        out.add(Arrays.copyOfRange(a, 4, 8));
        byte[] client = Arrays.copyOfRange(a, 12, 16);
        for (int i = 0; i < 4; i++) {
          client[i] = (byte) ~client[i];
        }
        out.add(client);
      }
      case NONE -> { }
    }
    return out;
  }

  private static boolean zero(byte[] a, int from, int to) {
    return Arrays.equals(a, from, to, ZEROS, 0, to - from);
  }

  private static boolean ff(byte[] a, int at) {
    return a[at] == (byte) 0xff && a[at + 1] == (byte) 0xff;
  }
}
