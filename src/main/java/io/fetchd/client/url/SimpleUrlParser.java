package io.fetchd.client.url;


/**
 * The fast path of {@link UrlParser}: one scan over the URLs most batches are made of, {@code
 * http[s]://host[:port][/path][?query]} in lower-case scheme and ASCII host, with nothing to
 * percent-encode, no dot segments, no userinfo and no fragment. Anything else, valid or not,
 * returns null and goes through the general parser, which gives the same result for every input
 * accepted here (a test compares the two) and the error messages for bad input.
 *
 * <p>Stateless; any thread.
 */
final class SimpleUrlParser {
  private SimpleUrlParser() {}

  /** The parsed URL, or null when {@code input} is not of the simple shape. */
  static FetchUrl tryParse(String input) {
    String scheme;
    int i;
    if (input.startsWith("http://")) {
      scheme = "http";
      i = 7;
    } else if (input.startsWith("https://")) {
      scheme = "https";
      i = 8;
    } else {
      return null;
    }
    int n = input.length();
    int hostStart = i;
    while (i < n && isHostChar(input.charAt(i))) {
      i++;
    }
    int hostEnd = i;
    if (hostEnd == hostStart) {
      return null;
    }
    int port = scheme.length() == 5 ? 443 : 80;
    if (i < n && input.charAt(i) == ':') {
      int digitsStart = ++i;
      int value = 0;
      while (i < n && isDigit(input.charAt(i)) && i - digitsStart < 5) {
        value = value * 10 + (input.charAt(i) - '0');
        i++;
      }
      if (i == digitsStart || value < 1 || value > 65535) {
        return null;
      }
      port = value;
    }
    if (i < n && input.charAt(i) != '/' && input.charAt(i) != '?') {
      return null; // '@', '#', '\\', an over-long port, anything unusual
    }
    int pathStart = i;
    while (i < n && input.charAt(i) != '?') {
      if (!keeps(input, i, false)) {
        return null;
      }
      i++;
    }
    String path = i == pathStart ? "/" : input.substring(pathStart, i);
    if (PathNormalizer.mayHaveDotSegment(path)) {
      return null;
    }
    String query = null;
    if (i < n) {
      int queryStart = ++i;
      for (; i < n; i++) {
        if (!keeps(input, i, true)) {
          return null;
        }
      }
      query = input.substring(queryStart);
    }
    Host host;
    try {
      host = HostParser.parse(input.substring(hostStart, hostEnd));
    } catch (UrlSyntaxException e) {
      return null; // the general parser says why
    }
    return new FetchUrl(scheme, null, host, port, path, query);
  }

  private static boolean isHostChar(char c) {
    return (c >= 'a' && c <= 'z') || isDigit(c) || c == '.' || c == '-';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * True when the char at {@code i} stays as it is in a path (or a query): printable ASCII that
   * the component's WHATWG percent-encode set does not hold. A backslash in the path (a
   * separator to normalize) and {@code #} (a fragment to drop) go to the general parser.
   */
  private static boolean keeps(String s, int i, boolean query) {
    char c = s.charAt(i);
    if (c == '#' || (!query && c == '\\')) {
      return false;
    }
    return !(query ? UrlChars.Component.QUERY : UrlChars.Component.PATH).encodes(c);
  }
}
