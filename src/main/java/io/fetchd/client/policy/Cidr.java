package io.fetchd.client.policy;

import io.fetchd.client.url.Host;
import io.fetchd.client.url.HostParser;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address block: a network address and a prefix length. Host bits below the
 * prefix are cleared on construction, so {@code 10.1.2.3/8} is {@code 10.0.0.0/8}.
 *
 * <p>IPv4 and IPv6 are separate families: a block of one never contains an address of the other
 * ({@link AddressPolicy} unwraps IPv4 embedded in IPv6 before matching). Immutable; any thread.
 *
 * @param network the network address, 4 or 16 octets (copied in and out)
 * @param prefixLength 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record Cidr(byte[] network, int prefixLength) {

  /**
   * Checks the components.
   *
   * @param network the network address, 4 or 16 octets (copied in and out)
   * @param prefixLength 0 to 32 for IPv4, 0 to 128 for IPv6
   */
  public Cidr {
    Objects.requireNonNull(network, "network");
    if (network.length != 4 && network.length != 16) {
      throw new IllegalArgumentException("network address needs 4 or 16 octets, got " + network.length);
    }
    int max = network.length * 8;
    if (prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " is outside 0-" + max + " for this address family");
    }
    network = mask(network, prefixLength);
  }

  /**
   * Parses {@code address/prefix} or a bare address (a single host: /32 or /128). IPv4 must be a
   * canonical dotted quad; IPv6 may be bracketed. Uses {@link HostParser}, never DNS.
   *
   * @param text the block's text
   * @return the block
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static Cidr parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    byte[] address;
    try {
      address = HostParser.parseStrictIpLiteral(addressText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid CIDR '" + text + "': " + e.getMessage(), e);
    }
    int max = address.length * 8;
    if (slash < 0) {
      return new Cidr(address, max);
    }
    String prefixText = text.substring(slash + 1);
    if (!prefixText.matches("0|[1-9][0-9]{0,2}")) {
      throw new IllegalArgumentException(
          "invalid CIDR '" + text + "': prefix length '" + prefixText + "' is not a decimal number");
    }
    int prefix = Integer.parseInt(prefixText);
    if (prefix > max) {
      throw new IllegalArgumentException("invalid CIDR '" + text + "': prefix length " + prefix
          + " exceeds " + max + " for " + (max == 32 ? "IPv4" : "IPv6"));
    }
    return new Cidr(address, prefix);
  }

  /**
   * True when the address (4 or 16 octets) is of this block's family and inside it.
   *
   * @param address 4 or 16 network-order octets
   * @return whether it is inside the block
   */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int maskBits = (0xff << (8 - rest)) & 0xff;
    return (address[fullBytes] & maskBits) == (network[fullBytes] & 0xff);
  }

  /**
   * True for an IPv4 block.
   *
   * @return whether it is IPv4
   */
  public boolean isIpv4() {
    return network.length == 4;
  }

  /**
   * A fresh copy of the network address.
   *
   * @return the network address's octets
   */
  @Override
  public byte[] network() {
    return network.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr other && prefixLength == other.prefixLength
        && Arrays.equals(network, other.network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefixLength;
  }

  /** {@code 10.0.0.0/8} or {@code fc00::/7}. */
  @Override
  public String toString() {
    String address = isIpv4() ? Host.Ipv4.of(network).toUrlString() : new Host.Ipv6(network).toAddressString();
    return address + "/" + prefixLength;
  }

  private static byte[] mask(byte[] address, int prefixLength) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int bitsHere = Math.max(0, Math.min(8, prefixLength - i * 8));
      out[i] = (byte) (out[i] & ((0xff << (8 - bitsHere)) & 0xff));
    }
    return out;
  }
}
