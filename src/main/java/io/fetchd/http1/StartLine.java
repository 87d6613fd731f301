package io.fetchd.http1;

import io.fetchd.http1.Http1Checker.Kind;
import io.fetchd.http1.Http1Checker.Side;

/**
 * The start-line rules of {@link Http1Checker}: the empty lines before a message, the request line
 * ({@code method SP target SP HTTP/1.x}) or the status line ({@code HTTP/d.d SP 3DIGIT [SP
 * reason]}), and the CRLF that ends it. Remembers the version and the status code for the
 * framing decision at the end of the head. Thread rule: that of the checker.
 */
final class StartLine {
  /** The longest version token checked ({@code HTTP/1.1} is 8). */
  private static final int MAX_VERSION = 8;
  private static final String BAD_STATUS_LINE = "the status line does not start with HTTP/d.d and one space";

  private final Http1Checker m;
  private final Side side;
  private final StringBuilder version = new StringBuilder();
  private int count;
  private int major;
  private int minor;
  private int status;

  StartLine(Http1Checker m, Side side) {
    this.m = m;
    this.side = side;
  }

  /** Before a new message. */
  void reset() {
    version.setLength(0);
    count = 0;
    status = 0;
  }

  boolean http10() {
    return major == 1 && minor == 0;
  }

  /** The status code of a response; 0 for a request. */
  int status() {
    return status;
  }

  /** {@link Http1Checker#accept} in one of the start-line states. */
  boolean accept(int c) {
    return switch (m.state) {
      case LEADING, LEADING_LF, METHOD, TARGET, REQ_VERSION -> requestLine(c);
      default -> statusLine(c);
    };
  }

  /** In the empty lines before a start line (either side) and the request line. */
  private boolean requestLine(int c) {
    switch (m.state) {
      case LEADING -> {
        if (c == '\r') {
          m.state = State.LEADING_LF;
        } else {
          m.state = side == Side.REQUESTS ? State.METHOD : State.RES_VERSION;
          return accept(c);
        }
      }
      case LEADING_LF -> {
        if (c != '\n') {
          return m.fail("a bare CR before the start line");
        }
        m.state = State.LEADING;
      }
      case METHOD -> {
        if (c == ' ' && count > 0) {
          count = 0;
          m.state = State.TARGET;
        } else if (Chars.tchar(c)) {
          count++;
        } else {
          return m.fail(count == 0 ? "the request line does not start with a method" : "invalid character in the method");
        }
      }
      case TARGET -> {
        if (c == ' ' && count > 0) {
          version.setLength(0);
          m.state = State.REQ_VERSION;
        } else if (c > 0x20 && c < 0x7f) {
          count++;
        } else if (c == '\r' && count > 0) {
          return m.fail("the request line has no HTTP version");
        } else {
          return m.fail("invalid character in the request target");
        }
      }
      case REQ_VERSION -> {
        if (c == '\r') {
          if (!requestVersion()) {
            return false;
          }
          m.state = State.START_LF;
        } else if (c > 0x20 && c < 0x7f) {
          if (version.length() <= MAX_VERSION) {
            version.append((char) c);
          }
        } else {
          return m.fail(c == ' ' ? "more than one space in the request line" : "invalid character in the HTTP version");
        }
      }
      default -> throw new IllegalStateException(m.state.name());
    }
    return true;
  }

  /** In the status line, and the end of either start line. */
  private boolean statusLine(int c) {
    switch (m.state) {
      case RES_VERSION -> {
        if (c == ' ') {
          if (!responseVersion()) {
            return false;
          }
          count = 0;
          status = 0;
          m.state = State.STATUS;
        } else if (version.length() >= MAX_VERSION || c <= ' ' || c >= 0x7f) {
          return m.fail(BAD_STATUS_LINE);
        } else {
          version.append((char) c);
        }
      }
      case STATUS -> {
        if (c >= '0' && c <= '9' && count < 3) {
          status = status * 10 + (c - '0');
          count++;
        } else if (count == 3 && c == ' ') {
          m.state = State.REASON;
        } else if (count == 3 && c == '\r') {
          m.state = State.START_LF;
        } else {
          return m.fail("the status code is not three digits after one space");
        }
      }
      case REASON -> {
        if (c == '\r') {
          m.state = State.START_LF;
        } else if (!Chars.fieldOrBlank(c)) {
          return m.fail("invalid character in the reason phrase");
        }
      }
      case START_LF -> {
        if (c != '\n') {
          return m.fail("a bare CR in the start line");
        }
        m.state = State.FIELD_START;
      }
      default -> throw new IllegalStateException(m.state.name());
    }
    return true;
  }

  /**
   * The version of a request line: {@code HTTP/1.0} and {@code HTTP/1.1} pass; any other visible
   * token (the only thing left in the version's place) is a version this server does not speak.
   */
  private boolean requestVersion() {
    String v = version.toString();
    if (v.isEmpty()) {
      return m.fail("the request line ends with a space");
    }
    if (!v.equals("HTTP/1.1") && !v.equals("HTTP/1.0")) {
      String shown = v.length() > MAX_VERSION ? v.substring(0, MAX_VERSION) + "..." : v;
      return m.fail(Kind.UNSUPPORTED_VERSION, "HTTP version '" + shown + "' is not supported: only HTTP/1.1 and HTTP/1.0 are");
    }
    major = 1;
    minor = v.charAt(7) - '0';
    return true;
  }

  /** The version of a status line: {@code HTTP/d.d}. */
  private boolean responseVersion() {
    String v = version.toString();
    if (v.length() != 8 || !v.startsWith("HTTP/") || !Chars.digit(v.charAt(5)) || v.charAt(6) != '.'
        || !Chars.digit(v.charAt(7))) {
      return m.fail(BAD_STATUS_LINE);
    }
    major = v.charAt(5) - '0';
    minor = v.charAt(7) - '0';
    return true;
  }
}
