package io.fetchd.client.url;

import io.fetchd.client.InvalidUrlException;
import java.nio.charset.StandardCharsets;

/**
 * Character-level rules for URL text: the up-front refusal of controls and whitespace, and the
 * RFC 3986 percent-encoding of path, query and userinfo components.
 *
 * <p>Stateless; any thread.
 */
final class UrlChars {

  /** Which characters a component may carry unencoded, beyond RFC 3986 unreserved. */
  enum Component {
    /** {@code sub-delims / ":" / "@" / "/"}. */
    PATH("!$&'()*+,;=:@/"),
    /** {@code sub-delims / ":" / "@" / "/" / "?"}. */
    QUERY("!$&'()*+,;=:@/?"),
    /** {@code sub-delims} only: {@code ':'} and {@code '@'} are structural there. */
    USERINFO_PART("!$&'()*+,;=");

    private final String extra;

    Component(String extra) {
      this.extra = extra;
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UrlChars() {}

  /**
   * Refuses text carrying a control character (C0, DEL, C1), any whitespace (ASCII or Unicode)
   * or an unpaired surrogate, naming the character code and its index.
   */
  static void rejectControlsAndWhitespace(String text, String what) throws InvalidUrlException {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) {
        throw new InvalidUrlException(String.format(
            "%s contains control character 0x%02X at index %d", what, (int) c, i));
      }
      if (c == ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw new InvalidUrlException(String.format(
            "%s contains whitespace U+%04X at index %d", what, (int) c, i));
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidUrlException(String.format(
            "%s contains unpaired surrogate U+%04X at index %d", what, (int) c, i));
      }
    }
  }

  /**
   * Percent-encodes (UTF-8, upper-case hex) every character the component may not carry. A
   * {@code %} followed by two hex digits is kept as an existing escape; a lone {@code %} becomes
   * {@code %25}. Input has already passed {@link #rejectControlsAndWhitespace}.
   */
  static String encode(String text, Component component) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      boolean keep = isUnreserved(cp) || (cp < 0x80 && component.extra.indexOf(cp) >= 0)
          || (cp == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1))
              && isHex(text.charAt(i + 2)));
      if (keep) {
        if (out != null) {
          out.appendCodePoint(cp);
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

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }
}
