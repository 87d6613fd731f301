package io.fetchd.http1;

/** The byte classes of RFC 9110 5.6.2 and 5.5 the checker's rules are written in. Stateless. */
final class Chars {
  private static final boolean[] TCHAR = new boolean[256];

  static {
    for (int c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  private Chars() {}

  /** A token character ({@code c} is an unsigned byte). */
  static boolean tchar(int c) {
    return TCHAR[c];
  }

  /** VCHAR or obs-text. */
  static boolean fieldChar(int c) {
    return (c > 0x20 && c < 0x7f) || c >= 0x80;
  }

  /** VCHAR, obs-text, SP or HTAB: what a field value, a reason phrase or a quoted string holds. */
  static boolean fieldOrBlank(int c) {
    return fieldChar(c) || c == ' ' || c == '\t';
  }

  static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }
}
