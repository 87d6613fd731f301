package io.fetchd.client.url;

import io.fetchd.client.InvalidUrlException;

/**
 * The WHATWG "IPv4 parser" and "ends in a number" checker: the lenient IPv4 grammar browsers
 * and curl accept ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1}).
 *
 * <p>Stateless; any thread.
 */
final class Ipv4Parser {

  /** Larger than any valid part; parts are clamped to this so overflow cannot wrap around. */
  private static final long TOO_BIG = 1L << 33;

  private Ipv4Parser() {}

  /**
   * Whether the WHATWG standard treats this (already ASCII) host as an IPv4 address: its last
   * non-empty label is all decimal digits or parses as an IPv4 number ({@code 0x..}).
   */
  static boolean endsInNumber(String host) {
    String[] parts = host.split("\\.", -1);
    int last = parts.length - 1;
    if (parts[last].isEmpty()) {
      if (parts.length == 1) {
        return false;
      }
      last--;
    }
    String part = parts[last];
    if (!part.isEmpty() && part.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return true;
    }
    return parseNumber(part) >= 0;
  }

  /** Parses a host that {@link #endsInNumber ends in a number}; returns the 32 address bits. */
  static int parse(String host) throws InvalidUrlException {
    String[] parts = host.split("\\.", -1);
    int count = parts.length;
    if (parts[count - 1].isEmpty() && count > 1) {
      count--; // one trailing dot is tolerated
    }
    if (count > 4) {
      throw new InvalidUrlException("invalid IPv4 address '" + host + "': more than 4 parts");
    }
    long[] numbers = new long[count];
    for (int i = 0; i < count; i++) {
      numbers[i] = parseNumber(parts[i]);
      if (numbers[i] < 0) {
        throw new InvalidUrlException(
            "invalid IPv4 address '" + host + "': part '" + parts[i] + "' is not a number");
      }
      if (i < count - 1 && numbers[i] > 255) {
        throw new InvalidUrlException(
            "invalid IPv4 address '" + host + "': part '" + parts[i] + "' exceeds 255");
      }
    }
    long last = numbers[count - 1];
    if (last >= 1L << (8 * (5 - count))) {
      throw new InvalidUrlException(
          "invalid IPv4 address '" + host + "': last part '" + parts[count - 1] + "' is too large");
    }
    long address = last;
    for (int i = 0; i < count - 1; i++) {
      address += numbers[i] << (8 * (3 - i));
    }
    return (int) address;
  }

  /**
   * The WHATWG "IPv4 number parser": decimal, {@code 0x} hex or leading-zero octal; an empty
   * string after the prefix is 0. Returns -1 on failure; values above 2^32 are clamped.
   */
  static long parseNumber(String input) {
    if (input.isEmpty()) {
      return -1;
    }
    int radix = 10;
    int start = 0;
    if (input.length() >= 2 && input.charAt(0) == '0'
        && (input.charAt(1) == 'x' || input.charAt(1) == 'X')) {
      radix = 16;
      start = 2;
    } else if (input.length() >= 2 && input.charAt(0) == '0') {
      radix = 8;
      start = 1;
    }
    long value = 0;
    for (int i = start; i < input.length(); i++) {
      int digit = Character.digit(input.charAt(i), radix);
      if (digit < 0 || input.charAt(i) > 'z') {
        return -1;
      }
      value = Math.min(TOO_BIG, value * radix + digit);
    }
    return value;
  }
}
