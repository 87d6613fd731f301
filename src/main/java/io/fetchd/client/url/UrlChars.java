package io.fetchd.client.url;

import java.nio.charset.StandardCharsets;

/**
 * Character-level rules for URL text: the up-front refusal of controls and whitespace, and the
 * WHATWG percent-encode sets for the path, the query and the userinfo of a special (http, https)
 * URL.
 *
 * <p>As in the standard, every code point below U+0020, U+007F and above is percent-encoded as
 * UTF-8; of the printable ASCII characters only those in the component's set are; and {@code %}
 * is never touched, so an existing {@code %XX} escape, a lone {@code %} and {@code %zz} all reach
 * the server as written, as a browser sends them.
 *
 * <p>Stateless; any thread.
 */
final class UrlChars {

  /** The printable ASCII characters a component percent-encodes (beyond controls and non-ASCII). */
  enum Component {
    /** The path percent-encode set: the query set, {@code ?}, {@code ^}, {@code `}, braces. */
    PATH(" \"#<>?^`{}"),
    /** The special-query percent-encode set: the query set and {@code '}. */
    QUERY(" \"#<>'"),
    /** The userinfo percent-encode set: the path set and {@code /:;=@[\]|}. */
    USERINFO_PART(" \"#<>?^`{}/:;=@[\\]|");

    /** Bit {@code c} set: printable ASCII {@code c} is encoded. */
    private final long low;
    private final long high;

    Component(String encoded) {
      long l = 0;
      long h = 0;
      for (int i = 0; i < encoded.length(); i++) {
        char c = encoded.charAt(i);
        if (c < 64) {
          l |= 1L << c;
        } else {
          h |= 1L << (c - 64);
        }
      }
      this.low = l;
      this.high = h;
    }

    /** Whether the char is percent-encoded in this component. */
    boolean encodes(char c) {
      if (c < 0x20 || c >= 0x7f) {
        return true;
      }
      return c < 64 ? (low & (1L << c)) != 0 : (high & (1L << (c - 64))) != 0;
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UrlChars() {}

  /**
   * Refuses text carrying a control character (C0, DEL, C1), any whitespace (ASCII or Unicode)
   * or an unpaired surrogate, naming the character code and its index.
   */
  static void rejectControlsAndWhitespace(String text, String what) throws UrlSyntaxException {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) {
        throw new UrlSyntaxException(String.format(
            "%s contains control character 0x%02X at index %d", what, (int) c, i));
      }
      if (c == ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw new UrlSyntaxException(String.format(
            "%s contains whitespace U+%04X at index %d", what, (int) c, i));
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new UrlSyntaxException(String.format(
            "%s contains unpaired surrogate U+%04X at index %d", what, (int) c, i));
      }
    }
  }

  /**
   * Percent-encodes (UTF-8, upper-case hex) every code point the component's set holds. Input
   * has already passed {@link #rejectControlsAndWhitespace}.
   */
  static String encode(String text, Component component) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      if (cp < 0x80 && !component.encodes((char) cp)) {
        if (out != null) {
          out.append((char) cp);
        }
      } else {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
      }
      i += width;
    }
    return out == null ? text : out.toString();
  }

  static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
