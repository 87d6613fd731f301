package io.fetchd.client.url;

import java.util.Arrays;
import java.util.Objects;

/**
 * A parsed URL host, as the WHATWG URL standard defines it for {@code http} and {@code https}:
 * an IPv4 address, an IPv6 address, or an ASCII lower-case domain name.
 *
 * <p>Produced by {@link HostParser}; every instance is already validated. Instances are immutable
 * and safe to share between threads.
 */
public sealed interface Host permits Host.Ipv4, Host.Ipv6, Host.Domain {

  /**
   * The host as it is written in a URL and in a {@code Host} header: the domain, the dotted-quad
   * IPv4 address, or the bracketed, compressed IPv6 address (e.g. {@code [2001:db8::1]}).
   *
   * @return the host as written in a URL
   */
  String toUrlString();

  /**
   * True for IPv4 and IPv6 addresses, false for domains (which still need resolving).
   *
   * @return whether it is an IP address
   */
  boolean isIpLiteral();

  /**
   * An IPv4 address.
   *
   * @param bits the address in network order, most significant octet in the high bits
   */
  record Ipv4(int bits) implements Host {

    /**
     * The address from its four network-order octets.
     *
     * @param octets four network-order octets
     * @return the address
     */
    public static Ipv4 of(byte[] octets) {
      if (octets.length != 4) {
        throw new IllegalArgumentException("IPv4 address needs 4 octets, got " + octets.length);
      }
      return new Ipv4(((octets[0] & 0xff) << 24) | ((octets[1] & 0xff) << 16)
          | ((octets[2] & 0xff) << 8) | (octets[3] & 0xff));
    }

    /**
     * A fresh array with the four network-order octets.
     *
     * @return the four octets
     */
    public byte[] toBytes() {
      return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    @Override
    public String toUrlString() {
      return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }

    @Override
    public boolean isIpLiteral() {
      return true;
    }

    @Override
    public String toString() {
      return toUrlString();
    }
  }

  /**
   * An IPv6 address. The array is copied in and out, so the record stays immutable.
   *
   * @param bytes the sixteen network-order octets
   */
  record Ipv6(byte[] bytes) implements Host {

    /**
     * Checks the components.
     *
     * @param bytes the sixteen network-order octets
     */
    public Ipv6 {
      Objects.requireNonNull(bytes, "bytes");
      if (bytes.length != 16) {
        throw new IllegalArgumentException("IPv6 address needs 16 octets, got " + bytes.length);
      }
      bytes = bytes.clone();
    }

    /**
     * A fresh copy of the sixteen octets.
     *
     * @return the sixteen octets
     */
    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    /**
     * The address without brackets, compressed as RFC 5952 and the WHATWG serializer do.
     *
     * @return the address as text
     */
    public String toAddressString() {
      int[] pieces = new int[8];
      for (int i = 0; i < 8; i++) {
        pieces[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
      }
      int bestStart = -1;
      int bestLength = 1;
      for (int i = 0; i < 8; ) {
        if (pieces[i] != 0) {
          i++;
          continue;
        }
        int start = i;
        while (i < 8 && pieces[i] == 0) {
          i++;
        }
        if (i - start > bestLength) {
          bestStart = start;
          bestLength = i - start;
        }
      }
      StringBuilder out = new StringBuilder(39);
      for (int i = 0; i < 8; i++) {
        if (i == bestStart) {
          out.append(i == 0 ? "::" : ":");
          i += bestLength - 1;
          continue;
        }
        out.append(Integer.toHexString(pieces[i]));
        if (i < 7) {
          out.append(':');
        }
      }
      return out.toString();
    }

    @Override
    public String toUrlString() {
      return "[" + toAddressString() + "]";
    }

    @Override
    public boolean isIpLiteral() {
      return true;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ipv6 other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return toUrlString();
    }
  }

  /**
   * A domain name after percent-decoding and IDNA mapping: ASCII, lower case, punycode labels
   * for internationalized names. A single trailing dot is kept, as the WHATWG standard keeps it
   * ({@code example.com.} is a different host string from {@code example.com}).
   *
   * @param name the ASCII lower-case name
   */
  record Domain(String name) implements Host {

    /**
     * Checks the components.
     *
     * @param name the ASCII lower-case name
     */
    public Domain {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("domain must not be empty");
      }
    }

    /**
     * The name without its trailing dot, as TLS SNI wants it (RFC 6066 forbids the dot).
     *
     * @return the name without a trailing dot
     */
    public String withoutTrailingDot() {
      return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public String toUrlString() {
      return name;
    }

    @Override
    public boolean isIpLiteral() {
      return false;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
