package io.fetchd.client.url;

import io.fetchd.client.InvalidUrlException;
import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns the raw text of a non-bracketed host into ASCII: percent-decodes it as UTF-8, splits it
 * on the IDNA label separators (also the full-width and ideographic dots), maps each non-ASCII
 * label with {@link IDN#toASCII(String)} (IDNA2003: NFKC, case folding, punycode), lower-cases
 * the result and rejects forbidden domain code points.
 *
 * <p>Stateless; any thread.
 */
final class DomainMapper {

  /** Forbidden besides C0 controls and DEL (checked separately). */
  private static final String FORBIDDEN = " #%/:<>?@[\\]^|";

  private DomainMapper() {}

  /** The ASCII lower-case form of the host; fails on forbidden or unmappable input. */
  static String toAscii(String raw) throws InvalidUrlException {
    if (isPlainAscii(raw)) {
      // The common case: nothing to decode or map, and '.' is the only separator.
      String ascii = raw.toLowerCase(Locale.ROOT);
      checkForbidden(raw, ascii);
      checkLabels(raw, ascii);
      return ascii;
    }
    String decoded = percentDecode(raw);
    String[] labels = decoded.split("[.\u3002\uFF0E\uFF61]", -1);
    StringBuilder out = new StringBuilder(decoded.length() + 8);
    for (int i = 0; i < labels.length; i++) {
      if (i > 0) {
        out.append('.');
      }
      out.append(mapLabel(raw, labels[i]));
    }
    String ascii = out.toString().toLowerCase(Locale.ROOT);
    checkForbidden(raw, ascii);
    checkLabels(raw, ascii);
    return ascii;
  }

  /** ASCII without percent signs: percent-decoding and IDNA mapping would leave it unchanged. */
  private static boolean isPlainAscii(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= 0x80 || c == '%') {
        return false;
      }
    }
    return true;
  }

  private static String mapLabel(String raw, String label) throws InvalidUrlException {
    if (label.chars().allMatch(c -> c < 0x80)) {
      return label;
    }
    try {
      return IDN.toASCII(label);
    } catch (IllegalArgumentException e) {
      throw new InvalidUrlException(
          "invalid host '" + raw + "': label cannot be mapped to ASCII (" + e.getMessage() + ")", e);
    }
  }

  private static void checkForbidden(String raw, String ascii) throws InvalidUrlException {
    for (int i = 0; i < ascii.length(); i++) {
      char c = ascii.charAt(i);
      if (c <= 0x1f || c == 0x7f || FORBIDDEN.indexOf(c) >= 0) {
        throw new InvalidUrlException(String.format(
            "invalid host '%s': forbidden character 0x%02X", raw, (int) c));
      }
      if (c >= 0x80) {
        throw new InvalidUrlException(String.format(
            "invalid host '%s': character U+%04X survived IDNA mapping", raw, (int) c));
      }
    }
  }

  /** Empty host, or an empty label anywhere but a single trailing one, is refused. */
  private static void checkLabels(String raw, String ascii) throws InvalidUrlException {
    String body = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    if (body.isEmpty()) {
      throw new InvalidUrlException("invalid host '" + raw + "': empty host");
    }
    if (body.startsWith(".") || body.endsWith(".") || body.contains("..")) {
      throw new InvalidUrlException("invalid host '" + raw + "': empty label");
    }
  }

  private static String percentDecode(String raw) throws InvalidUrlException {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
        bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          encoded = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(encoded);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidUrlException("invalid host '" + raw + "': percent-decodes to invalid UTF-8", e);
    }
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80;
  }
}
