package io.fetchd.config;

import io.fetchd.client.url.HostParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parses DNS server addresses written {@code 1.1.1.1:53}, {@code [2606:4700::1111]:53} or
 * without a port (53). IP literals only: a DNS server given by name would need DNS to be found.
 * Never performs a lookup. Pure; any thread.
 */
final class DnsServers {
  private DnsServers() {}

  /** @throws IllegalArgumentException naming the text and the expected form */
  static InetSocketAddress parse(String text) {
    String t = text.trim();
    String host = t;
    String port = "53";
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0 || (close + 1 < t.length() && t.charAt(close + 1) != ':')) {
        throw invalid(text);
      }
      host = t.substring(1, close);
      if (close + 1 < t.length()) {
        port = t.substring(close + 2);
      }
    } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
      host = t.substring(0, t.indexOf(':'));
      port = t.substring(t.indexOf(':') + 1);
    }
    if (!port.matches("[1-9][0-9]{0,4}") || Integer.parseInt(port) > 65535) {
      throw invalid(text);
    }
    byte[] address;
    try {
      address = HostParser.parseStrictIpLiteral(host);
    } catch (IllegalArgumentException e) {
      throw invalid(text);
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(address), Integer.parseInt(port));
    } catch (UnknownHostException e) {
      throw invalid(text); // only for a bad address length, which the parser rules out
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "must be an IP address and port like 1.1.1.1:53 or [2606:4700:4700::1111]:53, got '" + text + "'");
  }
}
