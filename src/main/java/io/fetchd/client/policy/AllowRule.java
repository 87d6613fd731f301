package io.fetchd.client.policy;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * An explicit exception to the built-in address classification: a block of addresses,
 * optionally only on one port.
 *
 * <p>Syntax: {@code 127.0.0.0/8} (any port), {@code 127.0.0.1/32:8081}, {@code 10.0.0.5:443}
 * (bare address = one host), {@code [::1]/128:8081}, {@code ::1/128} (unbracketed IPv6 cannot
 * carry a port). Immutable; any thread.
 *
 * @param cidr the addresses allowed
 * @param port the only port allowed (1 to 65535), or empty for every port
 */
public record AllowRule(Cidr cidr, OptionalInt port) {

  /**
   * Checks the components.
   *
   * @param cidr the addresses allowed
   * @param port the only port allowed (1 to 65535), or empty for every port
   */
  public AllowRule {
    Objects.requireNonNull(cidr, "cidr");
    Objects.requireNonNull(port, "port");
    if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
      throw new IllegalArgumentException("port " + port.getAsInt() + " is outside 1-65535");
    }
  }

  /**
   * Parses the rule syntax above.
   *
   * @param rule the rule's text
   * @return the rule
   * @throws IllegalArgumentException naming the rule and what is wrong with it
   */
  public static AllowRule parse(String rule) {
    Objects.requireNonNull(rule, "rule");
    String cidrText;
    String portText = null;
    if (rule.startsWith("[")) {
      int close = rule.indexOf(']');
      if (close < 0) {
        throw invalid(rule, "'[' without ']'");
      }
      String after = rule.substring(close + 1);
      int colon = after.indexOf(':');
      cidrText = rule.substring(1, close) + (colon < 0 ? after : after.substring(0, colon));
      if (colon >= 0) {
        portText = after.substring(colon + 1);
      }
    } else {
      int colons = (int) rule.chars().filter(c -> c == ':').count();
      if (colons == 1) {
        int colon = rule.indexOf(':');
        cidrText = rule.substring(0, colon);
        portText = rule.substring(colon + 1);
      } else {
        if (colons > 1 && rule.matches(".*/[0-9]+:[0-9]+")) {
          throw invalid(rule, "an IPv6 rule with a port must be bracketed, e.g. [::1]/128:8081");
        }
        cidrText = rule;
      }
    }
    Cidr cidr;
    try {
      cidr = Cidr.parse(cidrText);
    } catch (IllegalArgumentException e) {
      throw invalid(rule, e.getMessage());
    }
    if (portText == null) {
      return new AllowRule(cidr, OptionalInt.empty());
    }
    if (!portText.matches("[1-9][0-9]{0,4}") || Integer.parseInt(portText) > 65535) {
      throw invalid(rule, "port '" + portText + "' is not a number from 1 to 65535");
    }
    return new AllowRule(cidr, OptionalInt.of(Integer.parseInt(portText)));
  }

  /**
   * True when the address is in the block and the port matches (or the rule has no port).
   *
   * @param address 4 or 16 network-order octets
   * @param port the destination port
   * @return whether the rule allows it
   */
  public boolean matches(byte[] address, int port) {
    return cidr.contains(address) && (this.port.isEmpty() || this.port.getAsInt() == port);
  }

  /** The rule in its own syntax, e.g. {@code 127.0.0.1/32:8081} or {@code [::1]/128:8081}. */
  @Override
  public String toString() {
    if (port.isEmpty()) {
      return cidr.toString();
    }
    return (cidr.isIpv4() ? cidr.toString() : "[" + cidr.toString().replace("/", "]/"))
        + ":" + port.getAsInt();
  }

  private static IllegalArgumentException invalid(String rule, String why) {
    return new IllegalArgumentException("invalid allow rule '" + rule + "': " + why);
  }
}
