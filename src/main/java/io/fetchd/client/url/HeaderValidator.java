package io.fetchd.client.url;

import java.util.Objects;

/**
 * Validates user-supplied request header names and values before they reach the wire, so no
 * header can smuggle a CR/LF (header injection, request splitting) or a byte the codec would
 * silently mangle. Error messages name the header and the offending character code, never the
 * value (it may be a credential).
 *
 * <p>Stateless; any thread.
 */
public final class HeaderValidator {

  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  private HeaderValidator() {}

  /**
   * Checks that the name is a non-empty RFC 9110 token (letters, digits and
   * {@code !#$%&'*+-.^_`|~}).
   *
   * @param name the header name
   * @throws HeaderSyntaxException naming the header and the offending character
   */
  public static void validateName(String name) throws HeaderSyntaxException {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new HeaderSyntaxException("header name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isTokenChar(c)) {
        throw new HeaderSyntaxException(String.format(
            "invalid header name '%s': character 0x%02X at index %d is not a token character",
            printable(name), (int) c, i));
      }
    }
  }

  /**
   * Checks a header value and returns it with leading and trailing spaces and tabs removed.
   * Allowed: visible ASCII, space, horizontal tab and obs-text (0x80 to 0xFF). Refused: CR, LF,
   * NUL, every other control character, DEL, and characters above 0xFF (not one octet).
   *
   * @param name the header name, for the message only
   * @param value the header value
   * @return the value, trimmed
   * @throws HeaderSyntaxException naming the header and the offending character code
   */
  public static String validateValue(String name, String value) throws HeaderSyntaxException {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean control = (c < 0x20 && c != '\t') || c == 0x7f;
      if (control || c > 0xff) {
        throw new HeaderSyntaxException(String.format(
            "invalid value for header '%s': %s 0x%02X at index %d",
            printable(name), control ? "control character" : "non-octet character", (int) c, i));
      }
    }
    return trim(value);
  }

  private static String trim(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && isSpaceOrTab(value.charAt(start))) {
      start++;
    }
    while (end > start && isSpaceOrTab(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  private static boolean isSpaceOrTab(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || TOKEN_SYMBOLS.indexOf(c) >= 0;
  }

  /** The name with controls escaped, so the message itself cannot inject a log line. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length() && i < 64; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return name.length() > 64 ? out.append("...").toString() : out.toString();
  }
}
