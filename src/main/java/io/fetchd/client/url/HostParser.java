package io.fetchd.client.url;


/**
 * Parses URL hosts as the WHATWG URL standard's host parser does (what browsers implement), so
 * that the address fetchd checks and connects to is the one a browser would. The README lists
 * where fetchd is stricter (controls and whitespace, refused before this parser runs).
 *
 * <p>{@link #parse(String)} takes the host part of an authority (no userinfo, no port):
 * <ol>
 *   <li>{@code [..]} is an IPv6 literal: full grammar with {@code ::} and a dotted IPv4 tail;
 *       zone identifiers are refused.
 *   <li>Otherwise the host is percent-decoded (UTF-8) and mapped by {@link DomainMapper}: an
 *       ASCII host is lower-cased; any other goes through UTS #46 ToASCII (ICU4J,
 *       non-transitional, with the options the WHATWG "domain to ASCII" uses), which maps
 *       {@code U+3002}, {@code U+FF0E} and {@code U+FF61} to dots, keeps {@code ß} as
 *       {@code xn--zca}, applies the bidi and joiner rules and validates each {@code xn--} label
 *       of the host (an all-ASCII host is not passed through IDNA, as the standard says).
 *       Forbidden code points (controls, DEL, space and {@code #%/:<>?@[\]^|}) fail. Empty labels
 *       are kept, as the standard keeps them (such a name then fails at DNS).
 *   <li>The IPv4 check runs on the mapped text, so {@code １２７．０．０．１} is 127.0.0.1 and reaches
 *       the address policy as such.
 *   <li>If the last label is a number ({@code 1}, {@code 0x1f}), the whole host must be an IPv4
 *       address in the lenient WHATWG grammar: 1 to 4 decimal, {@code 0x} hex or leading-zero
 *       octal parts, the last part filling the remaining bytes ({@code 127.1},
 *       {@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}). Overflow fails.
 *   <li>Anything else is a {@link Host.Domain}, trailing dot kept.
 * </ol>
 *
 * <p>Never consults DNS, {@link java.net.InetAddress} or {@link java.net.URI}. Stateless; any
 * thread.
 */
public final class HostParser {

  private HostParser() {}

  /**
   * Parses the host part of a URL authority.
   *
   * @param host the host part
   * @return the parsed host
   * @throws UrlSyntaxException if the host is empty, malformed, contains a forbidden code point
   *     or looks like an IPv4 address but is not a valid one
   */
  public static Host parse(String host) throws UrlSyntaxException {
    if (host.isEmpty()) {
      throw new UrlSyntaxException("empty host");
    }
    if (host.charAt(0) == '[') {
      if (host.length() < 2 || host.charAt(host.length() - 1) != ']') {
        throw new UrlSyntaxException("invalid host '" + host + "': unterminated '['");
      }
      return new Host.Ipv6(Ipv6Parser.parse(host.substring(1, host.length() - 1)));
    }
    String ascii = DomainMapper.toAscii(host);
    if (Ipv4Parser.endsInNumber(ascii)) {
      return new Host.Ipv4(Ipv4Parser.parse(ascii));
    }
    return new Host.Domain(ascii);
  }

  /**
   * Parses an IP address as written in configuration: canonical dotted-quad IPv4 (exactly four
   * decimal parts 0 to 255, no leading zeros) or IPv6 with or without brackets. The lenient URL
   * spellings ({@code 127.1}, {@code 0x7f.0.0.1}) are refused here because a rule should mean
   * one thing to every reader.
   *
   * @param text the address's text
   * @return 4 or 16 network-order octets
   * @throws IllegalArgumentException naming the input and the problem
   */
  public static byte[] parseStrictIpLiteral(String text) {
    try {
      if (text.startsWith("[") && text.endsWith("]") && text.length() >= 2) {
        return Ipv6Parser.parse(text.substring(1, text.length() - 1));
      }
      if (text.indexOf(':') >= 0) {
        return Ipv6Parser.parse(text);
      }
    } catch (UrlSyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (!text.matches("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}")) {
      throw new IllegalArgumentException(
          "invalid IP address '" + text + "': expected a dotted quad such as 10.0.0.1 or an IPv6 address");
    }
    try {
      return new Host.Ipv4(Ipv4Parser.parse(text)).toBytes();
    } catch (UrlSyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
