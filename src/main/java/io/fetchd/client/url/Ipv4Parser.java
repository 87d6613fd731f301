package io.fetchd.client.url;


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
    int end = host.length();
    if (end > 0 && host.charAt(end - 1) == '.') {
      if (end == 1) {
        return false;
      }
      end--; // a single trailing dot: the label before it counts
    }
    int from = host.lastIndexOf('.', end - 1) + 1;
    if (from < end && allDigits(host, from, end)) {
      return true;
    }
    return parseNumber(host, from, end) >= 0;
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Parses a host that {@link #endsInNumber ends in a number}; returns the 32 address bits. */
  static int parse(String host) throws UrlSyntaxException {
    int end = host.length();
    if (end > 1 && host.charAt(end - 1) == '.') {
      end--; // one trailing dot is tolerated
    }
    int count = 1;
    for (int i = host.indexOf('.'); i >= 0 && i < end; i = host.indexOf('.', i + 1)) {
      count++;
    }
    if (count > 4) {
      throw new UrlSyntaxException("invalid IPv4 address '" + host + "': more than 4 parts");
    }
    long address = 0;
    int from = 0;
    for (int i = 0; i < count; i++) {
      int to = i == count - 1 ? end : host.indexOf('.', from);
      long n = parseNumber(host, from, to);
      if (n < 0) {
        throw new UrlSyntaxException(
            "invalid IPv4 address '" + host + "': part '" + host.substring(from, to) + "' is not a number");
      }
      if (i < count - 1) {
        if (n > 255) {
          throw new UrlSyntaxException(
              "invalid IPv4 address '" + host + "': part '" + host.substring(from, to) + "' exceeds 255");
        }
        address += n << (8 * (3 - i));
      } else {
        if (n >= 1L << (8 * (5 - count))) {
          throw new UrlSyntaxException(
              "invalid IPv4 address '" + host + "': last part '" + host.substring(from, to) + "' is too large");
        }
        address += n;
      }
      from = to + 1;
    }
    return (int) address;
  }

  /**
   * The WHATWG "IPv4 number parser": decimal, {@code 0x} hex or leading-zero octal; an empty
   * string after the prefix is 0. Returns -1 on failure; values above 2^32 are clamped.
   */
  static long parseNumber(String input) {
    return parseNumber(input, 0, input.length());
  }

  /** {@link #parseNumber(String)} of {@code s.substring(from, to)}, without the substring. */
  static long parseNumber(String s, int from, int to) {
    if (from >= to) {
      return -1;
    }
    int radix = 10;
    int start = from;
    if (to - from >= 2 && s.charAt(from) == '0' && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X')) {
      radix = 16;
      start = from + 2;
    } else if (to - from >= 2 && s.charAt(from) == '0') {
      radix = 8;
      start = from + 1;
    }
    long value = 0;
    for (int i = start; i < to; i++) {
      char c = s.charAt(i);
      int digit = c > 'z' ? -1 : Character.digit(c, radix);
      if (digit < 0) {
        return -1;
      }
      value = Math.min(TOO_BIG, value * radix + digit);
    }
    return value;
  }
}
