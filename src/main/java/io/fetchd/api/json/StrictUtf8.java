package io.fetchd.api.json;

import io.netty.buffer.ByteBuf;

/**
 * Well-formed UTF-8 exactly as RFC 3629 and Unicode's table 3-7 define it, checked before the JSON
 * parser reads a body (Jackson decodes some ill-formed sequences rather than refusing them).
 * Refused: overlong forms ({@code C0 AF}, {@code E0 80 AF}, ...), UTF-16 surrogates encoded as
 * UTF-8 (a lone surrogate, or CESU-8's surrogate pairs), code points above U+10FFFF, stray
 * continuation bytes, bytes that never occur ({@code F5}-{@code FF}) and sequences cut short. Pure;
 * any thread.
 */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /**
   * Why the readable bytes of {@code buf} are not well-formed UTF-8, naming the offset of the
   * first byte of the sequence that is not (0 is the first readable byte), or null when they are.
   * Reads without moving the reader index.
   */
  public static String firstError(ByteBuf buf) {
    int start = buf.readerIndex();
    int end = buf.writerIndex();
    int i = start;
    while (i < end) {
      int b = buf.getByte(i) & 0xff;
      if (b < 0x80) {
        i++;
        continue;
      }
      int need;
      int lo = 0x80;
      int hi = 0xbf;
      String what = null;
      if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
      } else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        if (b == 0xe0) {
          lo = 0xa0;
          what = "an overlong encoding";
        } else if (b == 0xed) {
          hi = 0x9f;
          what = "a UTF-16 surrogate encoded as UTF-8 (a lone surrogate or CESU-8)";
        }
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        if (b == 0xf0) {
          lo = 0x90;
          what = "an overlong encoding";
        } else if (b == 0xf4) {
          hi = 0x8f;
          what = "a code point above U+10FFFF";
        }
      } else if (b == 0xc0 || b == 0xc1) {
        return at(i - start, "an overlong encoding");
      } else if (b < 0xc0) {
        return at(i - start, "a continuation byte with no lead byte");
      } else {
        return at(i - start, String.format("byte 0x%02X, which UTF-8 never uses", b));
      }
      for (int k = 1; k <= need; k++) {
        if (i + k >= end) {
          return at(i - start, "a sequence cut short by the end of the body");
        }
        int c = buf.getByte(i + k) & 0xff;
        int min = k == 1 ? lo : 0x80;
        int max = k == 1 ? hi : 0xbf;
        if (c < min || c > max) {
          boolean special = k == 1 && what != null && c >= 0x80 && c <= 0xbf;
          return at(i - start, special ? what : "a sequence cut short by a byte that does not continue it");
        }
      }
      i += need + 1;
    }
    return null;
  }

  private static String at(int offset, String what) {
    return "the request body is not valid UTF-8: " + what + " at byte offset " + offset;
  }
}
