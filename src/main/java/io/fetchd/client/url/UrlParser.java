package io.fetchd.client.url;

import java.util.Locale;

/**
 * Splits and validates an absolute http(s) URL; the parsing half of {@link FetchUrl}.
 *
 * <p>Follows the WHATWG URL standard for special schemes where browsers and RFC 3986 differ
 * (any run of {@code /} or {@code \} after the scheme, the last {@code @} ends the userinfo,
 * {@code \} is a path separator) but is stricter in two ways, each listed in the README with its
 * reason: controls and whitespace anywhere are refused instead of being stripped or
 * percent-encoded, and port 0 is refused.
 *
 * <p>Stateless; any thread.
 */
final class UrlParser {

  private UrlParser() {}

  static FetchUrl parse(String input) throws UrlSyntaxException, UrlSchemeException {
    FetchUrl simple = SimpleUrlParser.tryParse(input);
    return simple != null ? simple : parseGeneral(input);
  }

  /** The general parser, for any input: what {@link #parse} does without its fast path. */
  static FetchUrl parseGeneral(String input) throws UrlSyntaxException, UrlSchemeException {
    UrlChars.rejectControlsAndWhitespace(input, "URL");
    if (input.isEmpty()) {
      throw new UrlSyntaxException("URL is empty");
    }
    int colon = schemeEnd(input);
    if (colon < 0) {
      throw new UrlSyntaxException("URL has no scheme; expected it to start with http:// or https://");
    }
    String scheme = input.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new UrlSchemeException(
          "unsupported URL scheme '" + scheme + "': only http and https can be fetched");
    }
    int start = colon + 1;
    while (start < input.length() && isSlash(input.charAt(start))) {
      start++;
    }
    int end = start;
    while (end < input.length() && "/\\?#".indexOf(input.charAt(end)) < 0) {
      end++;
    }
    String authority = input.substring(start, end);
    String rest = input.substring(end);
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    int question = rest.indexOf('?');
    String rawPath = question < 0 ? rest : rest.substring(0, question);
    String query = question < 0 ? null : UrlChars.encode(rest.substring(question + 1), UrlChars.Component.QUERY);
    return authority(scheme, authority, PathNormalizer.normalize(rawPath), query);
  }

  /** Index of the ':' ending a syntactically valid RFC 3986 scheme, or -1 if there is none. */
  static int schemeEnd(String input) {
    if (input.isEmpty() || !isAlpha(input.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == ':') {
        return i;
      }
      if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        return -1;
      }
    }
    return -1;
  }

  static boolean isSlash(char c) {
    return c == '/' || c == '\\';
  }

  private static FetchUrl authority(String scheme, String authority, String path, String query)
      throws UrlSyntaxException {
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? null : userInfo(authority.substring(0, at));
    String hostPort = authority.substring(at + 1);
    String hostText;
    String portText;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw new UrlSyntaxException("URL host has an unterminated '['");
      }
      hostText = hostPort.substring(0, close + 1);
      String after = hostPort.substring(close + 1);
      if (!after.isEmpty() && after.charAt(0) != ':') {
        throw new UrlSyntaxException("URL has unexpected characters after the IPv6 address");
      }
      portText = after.isEmpty() ? null : after.substring(1);
    } else {
      int colon = hostPort.indexOf(':');
      hostText = colon < 0 ? hostPort : hostPort.substring(0, colon);
      portText = colon < 0 ? null : hostPort.substring(colon + 1);
    }
    if (hostText.isEmpty()) {
      throw new UrlSyntaxException("URL has no host");
    }
    Host host = HostParser.parse(hostText);
    int defaultPort = scheme.equals("https") ? 443 : 80;
    return new FetchUrl(scheme, userInfo, host, port(portText, defaultPort), path, query);
  }

  private static int port(String text, int defaultPort) throws UrlSyntaxException {
    if (text == null || text.isEmpty()) {
      return defaultPort;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new UrlSyntaxException("URL port '" + text + "' is not a decimal number");
      }
      value = Math.min(1_000_000, value * 10 + (c - '0'));
    }
    if (value < 1 || value > 65535) {
      throw new UrlSyntaxException("URL port '" + text + "' is out of range 1-65535");
    }
    return (int) value;
  }

  /** Normalized, percent-encoded {@code user[:password]}, or null when both are empty. */
  private static String userInfo(String raw) {
    int colon = raw.indexOf(':');
    String user = UrlChars.encode(colon < 0 ? raw : raw.substring(0, colon), UrlChars.Component.USERINFO_PART);
    String password = colon < 0 ? "" : UrlChars.encode(raw.substring(colon + 1), UrlChars.Component.USERINFO_PART);
    if (user.isEmpty() && password.isEmpty()) {
      return null;
    }
    return password.isEmpty() ? user : user + ":" + password;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
