package io.fetchd.api.json;

import java.nio.charset.StandardCharsets;

/**
 * The byte-level encodings {@link JsonWriter} writes with, as pure functions over arrays: the
 * escape table and {@code \}{@code uXXXX} escapes of strings, base64, and milliseconds with three
 * decimals. No state, no allocation; any thread.
 */
final class JsonEncoding {
  /** Room {@link #formatMillis} needs: enough for any long (a sign, 16 digits, a point, 3 decimals). */
  static final int MILLIS_MAX_CHARS = 24;

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

  /**
   * Per ASCII character: 0 written as is, 'u' as a six-character unicode escape, else the short
   * escape's letter. Read only.
   */
  static final byte[] ESCAPES = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
  }

  private JsonEncoding() {}

  /** Writes {@code c} as {@code \}{@code uXXXX} into {@code out} at {@code p}; returns the end. */
  static int unicodeEscape(byte[] out, int p, char c) {
    out[p++] = '\\';
    out[p++] = 'u';
    out[p++] = HEX[c >> 12];
    out[p++] = HEX[c >> 8 & 0xf];
    out[p++] = HEX[c >> 4 & 0xf];
    out[p++] = HEX[c & 0xf];
    return p;
  }

  /**
   * Encodes {@code groups} whole groups of three bytes of {@code in} from {@code i} as base64 into
   * {@code out} at {@code p} (four bytes a group); returns the end.
   */
  static int base64Groups(byte[] in, int i, int groups, byte[] out, int p) {
    for (int g = 0; g < groups; g++, i += 3) {
      int v = (in[i] & 0xff) << 16 | (in[i + 1] & 0xff) << 8 | (in[i + 2] & 0xff);
      out[p++] = BASE64[v >>> 18];
      out[p++] = BASE64[v >>> 12 & 0x3f];
      out[p++] = BASE64[v >>> 6 & 0x3f];
      out[p++] = BASE64[v & 0x3f];
    }
    return p;
  }

  /**
   * Encodes the last one or two bytes of {@code in} (from {@code i}) as a padded base64 group into
   * {@code out} at {@code p}; returns the end.
   */
  static int base64Tail(byte[] in, int i, byte[] out, int p) {
    int rest = in.length - i;
    int v = (in[i] & 0xff) << 16 | (rest == 2 ? (in[i + 1] & 0xff) << 8 : 0);
    out[p++] = BASE64[v >>> 18];
    out[p++] = BASE64[v >>> 12 & 0x3f];
    out[p++] = rest == 2 ? BASE64[v >>> 6 & 0x3f] : (byte) '=';
    out[p++] = '=';
    return p;
  }

  /**
   * Formats {@code nanos} as milliseconds with three decimals, rounded half away from zero to the
   * microsecond ({@code 1234567} is {@code 1.235}, {@code 0} is {@code 0.000}), as ASCII into the
   * end of {@code out} (at least {@link #MILLIS_MAX_CHARS} bytes); returns how many bytes were
   * written. No BigDecimal, no String.
   */
  static int formatMillis(long nanos, byte[] out) {
    boolean negative = nanos < 0;
    // Rounded half away from zero to whole microseconds. Division truncates towards zero, so
    // shifting by half a microsecond away from zero first rounds the magnitude. (Clamped so that
    // the shift cannot overflow; no real duration is that close to Long.MIN_VALUE.) For the
    // non-negative case, (nanos / 2 + 250) / 500 is (nanos + 500) / 1000 without overflow.
    long micros = negative ? -((Math.max(nanos, Long.MIN_VALUE + 500) - 500) / 1000) : (nanos / 2 + 250) / 500;
    int i = out.length;
    long whole = micros / 1000;
    int frac = (int) (micros % 1000);
    out[--i] = (byte) ('0' + frac % 10);
    out[--i] = (byte) ('0' + frac / 10 % 10);
    out[--i] = (byte) ('0' + frac / 100);
    out[--i] = '.';
    do {
      out[--i] = (byte) ('0' + whole % 10);
      whole /= 10;
    } while (whole != 0);
    if (negative && micros != 0) {
      out[--i] = '-';
    }
    return out.length - i;
  }
}
