package io.fetchd.client.url;

import io.fetchd.client.InvalidUrlException;

/**
 * The WHATWG "IPv6 parser": eight hex pieces, one {@code ::} compression, and an optional
 * dotted-decimal IPv4 tail in the last 32 bits ({@code ::ffff:192.0.2.1}). Zone identifiers
 * ({@code fe80::1%eth0}) are rejected: they have no meaning outside one host.
 *
 * <p>Stateless; any thread.
 */
final class Ipv6Parser {

  private Ipv6Parser() {}

  /** Parses an address written without brackets into its sixteen network-order octets. */
  static byte[] parse(String input) throws InvalidUrlException {
    if (input.indexOf('%') >= 0) {
      throw fail(input, "zone identifiers are not supported");
    }
    int[] pieces = new int[8];
    int pieceIndex = 0;
    int compress = -1;
    int pointer = 0;
    int length = input.length();
    if (pointer < length && input.charAt(pointer) == ':') {
      if (pointer + 1 >= length || input.charAt(pointer + 1) != ':') {
        throw fail(input, "leading ':' must be part of '::'");
      }
      pointer += 2;
      pieceIndex++;
      compress = pieceIndex;
    }
    while (pointer < length) {
      if (pieceIndex == 8) {
        throw fail(input, "more than 8 pieces");
      }
      if (input.charAt(pointer) == ':') {
        if (compress >= 0) {
          throw fail(input, "'::' appears more than once");
        }
        pointer++;
        pieceIndex++;
        compress = pieceIndex;
        continue;
      }
      int value = 0;
      int digits = 0;
      while (digits < 4 && pointer < length && hex(input.charAt(pointer)) >= 0) {
        value = value * 16 + hex(input.charAt(pointer));
        pointer++;
        digits++;
      }
      if (pointer < length && input.charAt(pointer) == '.') {
        if (digits == 0) {
          throw fail(input, "IPv4 tail starts with '.'");
        }
        pointer -= digits;
        if (pieceIndex > 6) {
          throw fail(input, "no room for an IPv4 tail");
        }
        parseIpv4Tail(input, pointer, pieces, pieceIndex);
        pieceIndex += 2;
        pointer = length;
        break;
      }
      if (pointer < length && input.charAt(pointer) == ':') {
        pointer++;
        if (pointer >= length) {
          throw fail(input, "ends with a single ':'");
        }
      } else if (pointer < length) {
        throw fail(input, "unexpected character '" + input.charAt(pointer) + "'");
      }
      pieces[pieceIndex] = value;
      pieceIndex++;
    }
    return octets(input, pieces, pieceIndex, compress);
  }

  /**
   * Moves the pieces after a {@code ::} to the end (the spec's swap loop) and writes the eight
   * pieces as sixteen network-order octets.
   */
  private static byte[] octets(String input, int[] pieces, int pieceIndex, int compress)
      throws InvalidUrlException {
    if (compress >= 0) {
      int swaps = pieceIndex - compress;
      int at = 7;
      while (at != 0 && swaps > 0) {
        int other = compress + swaps - 1;
        int tmp = pieces[at];
        pieces[at] = pieces[other];
        pieces[other] = tmp;
        at--;
        swaps--;
      }
    } else if (pieceIndex != 8) {
      throw fail(input, "too few pieces and no '::'");
    }
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (pieces[i] >>> 8);
      out[2 * i + 1] = (byte) pieces[i];
    }
    return out;
  }

  private static void parseIpv4Tail(String input, int pointer, int[] pieces, int pieceIndex)
      throws InvalidUrlException {
    int numbersSeen = 0;
    int length = input.length();
    while (pointer < length) {
      int ipv4Piece = -1;
      if (numbersSeen > 0) {
        if (input.charAt(pointer) == '.' && numbersSeen < 4) {
          pointer++;
        } else {
          throw fail(input, "malformed IPv4 tail");
        }
      }
      if (pointer >= length || !isDigit(input.charAt(pointer))) {
        throw fail(input, "IPv4 tail part is not a decimal number");
      }
      while (pointer < length && isDigit(input.charAt(pointer))) {
        int number = input.charAt(pointer) - '0';
        if (ipv4Piece == -1) {
          ipv4Piece = number;
        } else if (ipv4Piece == 0) {
          throw fail(input, "IPv4 tail part has a leading zero");
        } else {
          ipv4Piece = ipv4Piece * 10 + number;
        }
        if (ipv4Piece > 255) {
          throw fail(input, "IPv4 tail part exceeds 255");
        }
        pointer++;
      }
      pieces[pieceIndex] = pieces[pieceIndex] * 0x100 + ipv4Piece;
      numbersSeen++;
      if (numbersSeen == 2 || numbersSeen == 4) {
        pieceIndex++;
      }
    }
    if (numbersSeen != 4) {
      throw fail(input, "IPv4 tail needs 4 parts");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static InvalidUrlException fail(String input, String why) {
    return new InvalidUrlException("invalid IPv6 address '" + input + "': " + why);
  }
}
