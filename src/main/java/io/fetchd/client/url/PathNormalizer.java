package io.fetchd.client.url;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normalizes the path of an http(s) URL as the WHATWG path state does: backslashes are
 * separators, {@code .} and {@code ..} segments (also as {@code %2e}) are removed, an empty path
 * becomes {@code /}, and characters not allowed in a request target are percent-encoded.
 *
 * <p>Stateless; any thread.
 */
final class PathNormalizer {

  private PathNormalizer() {}

  /** The normalized path, always starting with {@code /}; the input is empty or starts with a separator. */
  static String normalize(String rawPath) {
    String path = UrlChars.encode(rawPath.replace('\\', '/'), UrlChars.Component.PATH);
    if (path.isEmpty() || path.equals("/")) {
      return "/";
    }
    if (!mayHaveDotSegment(path)) {
      return path; // the common case: splitting and joining again would give the same text
    }
    String[] segments = path.substring(1).split("/", -1);
    List<String> out = new ArrayList<>(segments.length);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (isDoubleDot(segment)) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        if (last) {
          out.add("");
        }
      } else if (isSingleDot(segment)) {
        if (last) {
          out.add("");
        }
      } else {
        out.add(segment);
      }
    }
    StringBuilder result = new StringBuilder(path.length());
    for (String segment : out) {
      result.append('/').append(segment);
    }
    return result.length() == 0 ? "/" : result.toString();
  }

  /**
   * False when no segment of {@code path} (which starts with '/') can be a dot segment: every one
   * of ".", "..", ".%2e", "%2e." and "%2e%2e" (any case) starts with '.' or "%2e" right after a
   * '/'.
   */
  static boolean mayHaveDotSegment(String path) {
    int n = path.length();
    for (int i = path.indexOf('/'); i >= 0 && i + 1 < n; i = path.indexOf('/', i + 1)) {
      char c = path.charAt(i + 1);
      if (c == '.' || (c == '%' && i + 3 < n && path.charAt(i + 2) == '2'
          && (path.charAt(i + 3) == 'e' || path.charAt(i + 3) == 'E'))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSingleDot(String segment) {
    return segment.equals(".") || segment.toLowerCase(Locale.ROOT).equals("%2e");
  }

  private static boolean isDoubleDot(String segment) {
    return switch (segment.toLowerCase(Locale.ROOT)) {
      case "..", ".%2e", "%2e.", "%2e%2e" -> true;
      default -> false;
    };
  }
}
