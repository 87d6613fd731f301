package io.fetchd.http1;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The syntax and framing rules of RFC 9112, checked over the raw bytes of one HTTP/1.1 connection
 * before a decoder reads them, so that no message is ever framed in a way another strict parser
 * (llhttp in strict mode, a strict proxy) would frame differently. It keeps a few bytes of state
 * and never copies the stream; body bytes are skipped in bulk ({@link #skippable}).
 *
 * <p>Rejected, each with a one-line reason ({@link #error}):
 *
 * <ul>
 *   <li>start lines that are not exactly {@code method SP target SP version} or {@code HTTP/d.d SP
 *       3DIGIT [SP reason]}: a tab, two spaces, a non-token method, a request target outside
 *       visible ASCII, a missing version (HTTP/0.9); a request version other than {@code HTTP/1.0}
 *       and {@code HTTP/1.1} ({@link Kind#UNSUPPORTED_VERSION});
 *   <li>any line ending other than CRLF (a bare LF or a bare CR);
 *   <li>a header name that is empty or holds a byte that is not a token character (whitespace
 *       inside the name or before the colon included), a control character in a value;
 *   <li>a line that starts with whitespace: obs-fold in a request, or right after the start line;
 *       in a response, obs-fold continues the previous value (RFC 9112 5.2: a user agent replaces
 *       it with a space);
 *   <li>{@code Transfer-Encoding} in an HTTP/1.0 message, together with {@code Content-Length},
 *       or anything but a single {@code chunked}: a final coding other than {@code chunked}, or
 *       {@code chunked} twice, is {@link Kind#MALFORMED} (its length cannot be known); another
 *       coding before a final {@code chunked} is {@link Kind#UNSUPPORTED_CODING} (fetchd never
 *       sends {@code TE}, so no other transfer coding is acceptable, and read-until-close is not
 *       offered for one);
 *   <li>{@code Content-Length} given more than once, or not 1 to 18 digits;
 *   <li>a chunk size that is not 1 to 16 hex digits, whitespace anywhere in a chunk line, a chunk
 *       extension that is not {@code ;name[=token|quoted-string]}, chunk data not followed by CRLF,
 *       and trailer fields under the header rules.
 * </ul>
 *
 * <p>A message may be preceded by empty lines (CRLF only), as RFC 9112 2.2 asks of servers and as
 * llhttp's strict mode allows between responses. A response to
 * HEAD and every 1xx, 204 and 304 response has no body; a response with neither length nor
 * chunked coding runs until the connection closes. Once an error is found the checker stays
 * failed.
 *
 * <p>Thread rule: one connection's thread; not thread-safe. JDK only.
 */
public final class Http1Checker {
  /** What the stream carries. */
  public enum Side {
    REQUESTS,
    RESPONSES
  }

  /** What kind of rule a refused stream broke ({@link #kind}); a server answers each differently. */
  public enum Kind {
    /** The bytes are not a message RFC 9112 allows, or are framed ambiguously: 400. */
    MALFORMED,
    /**
     * A request line whose version token is well-formed but not {@code HTTP/1.0} or {@code
     * HTTP/1.1} ({@code HTTP/2.0}, {@code HTTP/1.2}, {@code RTSP/1.0}): 505. Requests only.
     */
    UNSUPPORTED_VERSION,
    /**
     * A {@code Transfer-Encoding} whose final coding is {@code chunked}, applied once, after
     * codings this checker does not decode ({@code gzip, chunked}): the framing is clear, the
     * coding is not implemented (RFC 9112 6.1: 501). A response gets it too; a client treats it
     * as any other refusal.
     */
    UNSUPPORTED_CODING
  }

  private enum S {
    LEADING, LEADING_LF, METHOD, TARGET, REQ_VERSION,
    RES_VERSION, STATUS, REASON,
    START_LF,
    FIELD_START, NAME, VALUE, FIELD_LF, HEAD_END_LF,
    FIXED_BODY, UNTIL_CLOSE,
    CHUNK_SIZE, EXT_NAME_START, EXT_NAME, EXT_VALUE_START, EXT_TOKEN, EXT_QUOTED, EXT_QUOTED_ESCAPE,
    EXT_AFTER_QUOTED, CHUNK_LINE_LF, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF,
    FAILED
  }

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

  /** The longest version token checked ({@code HTTP/1.1} is 8). */
  private static final int MAX_VERSION = 8;
  /** Longest remembered header name: longer ones are never Content-Length or Transfer-Encoding. */
  private static final int MAX_NAME = 32;
  /** Longest Content-Length or Transfer-Encoding value (all fields together) accepted. */
  private static final int MAX_FRAMING_VALUE = 256;

  private final Side side;
  private final BooleanSupplier headResponse;

  private S state;
  private String error;
  private Kind kind;
  private final StringBuilder token = new StringBuilder();
  private int count;
  private int major;
  private int minor;
  private int status;
  private boolean trailer;
  /** The current field: 0 other, 1 Content-Length, 2 Transfer-Encoding. */
  private int field;
  private boolean anyField;
  private final StringBuilder value = new StringBuilder();
  private int contentLengths;
  private String contentLength;
  private final StringBuilder transferEncoding = new StringBuilder();
  private int transferEncodings;
  private long remaining;
  private long messages;

  /**
   * @param side what the stream carries
   * @param headResponse for {@link Side#RESPONSES}: asked at the end of each response head,
   *     true when that response answers a HEAD request (so it has no body)
   */
  public Http1Checker(Side side, BooleanSupplier headResponse) {
    this.side = side;
    this.headResponse = headResponse;
    startMessage();
  }

  /** A checker of requests. */
  public static Http1Checker requests() {
    return new Http1Checker(Side.REQUESTS, () -> false);
  }

  /** True once a violation was found. */
  public boolean failed() {
    return state == S.FAILED;
  }

  /** Why the stream was refused, or null. */
  public String error() {
    return error;
  }

  /** What kind of rule the stream broke, or null while it has broken none. */
  public Kind kind() {
    return kind;
  }

  /** Messages whose end the checker has seen. */
  public long messagesComplete() {
    return messages;
  }

  /** Body bytes that may be skipped unexamined now (at most {@code Long.MAX_VALUE} until close). */
  public long skippable() {
    return state == S.FIXED_BODY || state == S.CHUNK_DATA ? remaining : state == S.UNTIL_CLOSE ? Long.MAX_VALUE : 0;
  }

  /** Skips {@code n} body bytes, at most {@link #skippable()}. */
  public void skip(long n) {
    if (n <= 0) {
      return;
    }
    if (n > skippable()) {
      throw new IllegalArgumentException("skip " + n + " > " + skippable());
    }
    if (state == S.UNTIL_CLOSE) {
      return;
    }
    remaining -= n;
    if (remaining == 0) {
      if (state == S.FIXED_BODY) {
        endMessage();
      } else {
        state = S.CHUNK_DATA_CR;
      }
    }
  }

  /**
   * Checks all of {@code bytes}; returns the index of the byte that broke a rule, or -1. For
   * tests and simple callers; {@link #accept} is the streaming form.
   */
  public int check(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      long skip = skippable();
      if (skip > 0) {
        int n = (int) Math.min(skip, bytes.length - i);
        skip(n);
        i += n;
        continue;
      }
      if (!accept(bytes[i])) {
        if (failed()) {
          return i;
        }
      }
      i++;
    }
    return failed() ? bytes.length : -1;
  }

  /**
   * Checks one byte. Returns false to stop a scan: the byte broke a rule ({@link #failed()}), or a
   * body began whose bytes the caller should {@link #skip}. Never call it while {@link
   * #skippable()} is positive.
   */
  public boolean accept(byte b) {
    int c = b & 0xff;
    return switch (state) {
      case LEADING, LEADING_LF, METHOD, TARGET, REQ_VERSION -> requestLine(b, c);
      case RES_VERSION, STATUS, REASON, START_LF -> statusLine(c);
      case FIELD_START, NAME, VALUE, FIELD_LF, HEAD_END_LF -> field(c);
      case EXT_NAME_START, EXT_NAME, EXT_TOKEN, EXT_VALUE_START, EXT_QUOTED, EXT_QUOTED_ESCAPE,
          EXT_AFTER_QUOTED -> chunkExtension(c);
      case CHUNK_SIZE, CHUNK_LINE_LF, CHUNK_DATA_CR, CHUNK_DATA_LF -> chunkFraming(c);
      case FAILED -> false;
      case FIXED_BODY, CHUNK_DATA, UNTIL_CLOSE -> throw new IllegalStateException("skip body bytes, do not accept them");
    };
  }

  /** {@link #accept} in the empty lines before a start line (either side) and the request line. */
  private boolean requestLine(byte b, int c) {
    switch (state) {
      case LEADING -> {
        if (c == '\r') {
          state = S.LEADING_LF;
        } else {
          state = side == Side.REQUESTS ? S.METHOD : S.RES_VERSION;
          return accept(b);
        }
      }
      case LEADING_LF -> {
        if (c != '\n') {
          return fail("a bare CR before the start line");
        }
        state = S.LEADING;
      }
      case METHOD -> {
        if (c == ' ' && count > 0) {
          count = 0;
          state = S.TARGET;
        } else if (TCHAR[c]) {
          count++;
        } else {
          return fail(count == 0 ? "the request line does not start with a method" : "invalid character in the method");
        }
      }
      case TARGET -> {
        if (c == ' ' && count > 0) {
          token.setLength(0);
          state = S.REQ_VERSION;
        } else if (c > 0x20 && c < 0x7f) {
          count++;
        } else if (c == '\r' && count > 0) {
          return fail("the request line has no HTTP version");
        } else {
          return fail("invalid character in the request target");
        }
      }
      case REQ_VERSION -> {
        if (c == '\r') {
          if (!requestVersion()) {
            return false;
          }
          state = S.START_LF;
        } else if (c > 0x20 && c < 0x7f) {
          if (token.length() <= MAX_VERSION) {
            token.append((char) c);
          }
        } else {
          return fail(c == ' ' ? "more than one space in the request line" : "invalid character in the HTTP version");
        }
      }
      default -> throw new IllegalStateException(state.name());
    }
    return true;
  }

  /** {@link #accept} in the status line, and the end of either start line. */
  private boolean statusLine(int c) {
    switch (state) {
      case RES_VERSION -> {
        if (c == ' ') {
          if (!version()) {
            return false;
          }
          count = 0;
          status = 0;
          state = S.STATUS;
        } else if (!versionChar(c)) {
          return false;
        }
      }
      case STATUS -> {
        if (c >= '0' && c <= '9' && count < 3) {
          status = status * 10 + (c - '0');
          count++;
        } else if (count == 3 && c == ' ') {
          state = S.REASON;
        } else if (count == 3 && c == '\r') {
          state = S.START_LF;
        } else {
          return fail("the status code is not three digits after one space");
        }
      }
      case REASON -> {
        if (c == '\r') {
          state = S.START_LF;
        } else if (!fieldChar(c) && c != ' ' && c != '\t') {
          return fail("invalid character in the reason phrase");
        }
      }
      case START_LF -> {
        if (c != '\n') {
          return fail("a bare CR in the start line");
        }
        state = S.FIELD_START;
      }
      default -> throw new IllegalStateException(state.name());
    }
    return true;
  }

  /** {@link #accept} in header and trailer fields, and the end of the header section. */
  private boolean field(int c) {
    switch (state) {
      case FIELD_START -> {
        if (c == ' ' || c == '\t') {
          if (side == Side.REQUESTS || trailer) {
            return fail("a header line starts with whitespace (obs-fold)");
          }
          if (!anyField) {
            return fail("whitespace between the status line and the first header");
          }
          if (field != 0) {
            value.append(' ');
          }
          state = S.VALUE;
          return true;
        }
        commitField();
        if (c == '\r') {
          state = S.HEAD_END_LF;
        } else if (TCHAR[c]) {
          token.setLength(0);
          token.append((char) c);
          state = S.NAME;
        } else if (c == ':') {
          return fail("a header has an empty name");
        } else {
          return fail(c == '\n' ? "a bare LF ends a line" : "invalid character in a header name");
        }
      }
      case NAME -> {
        if (c == ':') {
          String name = token.toString().toLowerCase(Locale.ROOT);
          field = trailer ? 0 : name.equals("content-length") ? 1 : name.equals("transfer-encoding") ? 2 : 0;
          anyField = true;
          value.setLength(0);
          state = S.VALUE;
        } else if (TCHAR[c]) {
          if (token.length() <= MAX_NAME) {
            token.append((char) c);
          }
        } else if (c == ' ' || c == '\t') {
          return fail("whitespace in a header name or before its colon");
        } else {
          return fail("invalid character in a header name");
        }
      }
      case VALUE -> {
        if (c == '\r') {
          state = S.FIELD_LF;
        } else if (fieldChar(c) || c == ' ' || c == '\t') {
          if (field != 0) {
            if (value.length() >= MAX_FRAMING_VALUE) {
              return fail("a " + fieldName() + " header is too long");
            }
            value.append((char) c);
          }
        } else {
          return fail(c == '\n' ? "a bare LF ends a line" : "a control character in a header value");
        }
      }
      case FIELD_LF -> {
        if (c != '\n') {
          return fail("a bare CR in a header line");
        }
        state = S.FIELD_START;
      }
      case HEAD_END_LF -> {
        if (c != '\n') {
          return fail("a bare CR ends the header section");
        }
        return trailer ? endMessage() : endHead();
      }
      default -> throw new IllegalStateException(state.name());
    }
    return true;
  }

  /** {@link #accept} in a chunk extension. */
  private boolean chunkExtension(int c) {
    switch (state) {
      case EXT_NAME_START -> {
        if (!TCHAR[c]) {
          return fail("a chunk extension has no name");
        }
        state = S.EXT_NAME;
      }
      case EXT_NAME, EXT_TOKEN -> {
        if (c == '=' && state == S.EXT_NAME) {
          state = S.EXT_VALUE_START;
        } else if (c == ';') {
          state = S.EXT_NAME_START;
        } else if (c == '\r') {
          state = S.CHUNK_LINE_LF;
        } else if (!TCHAR[c]) {
          return fail("invalid character in a chunk extension");
        }
      }
      case EXT_VALUE_START -> {
        if (c == '"') {
          state = S.EXT_QUOTED;
        } else if (TCHAR[c]) {
          state = S.EXT_TOKEN;
        } else {
          return fail("a chunk extension has no value after '='");
        }
      }
      case EXT_QUOTED -> {
        if (c == '"') {
          state = S.EXT_AFTER_QUOTED;
        } else if (c == '\\') {
          state = S.EXT_QUOTED_ESCAPE;
        } else if (!fieldChar(c) && c != ' ' && c != '\t') {
          return fail("invalid character in a quoted chunk extension");
        }
      }
      case EXT_QUOTED_ESCAPE -> {
        if (!fieldChar(c) && c != ' ' && c != '\t') {
          return fail("invalid escape in a quoted chunk extension");
        }
        state = S.EXT_QUOTED;
      }
      case EXT_AFTER_QUOTED -> {
        if (c == ';') {
          state = S.EXT_NAME_START;
        } else if (c == '\r') {
          state = S.CHUNK_LINE_LF;
        } else {
          return fail("invalid character after a quoted chunk extension");
        }
      }
      default -> throw new IllegalStateException(state.name());
    }
    return true;
  }

  /** {@link #accept} in the chunk size line and the CRLF after chunk data. */
  private boolean chunkFraming(int c) {
    switch (state) {
      case CHUNK_SIZE -> {
        int d = Character.digit(c, 16);
        if (d >= 0) {
          if (++count > 16) {
            return fail("the chunk size is longer than 16 hex digits");
          }
          remaining = remaining * 16 + d;
        } else if (count == 0) {
          return fail("a chunk line does not start with a hex chunk size");
        } else if (c == ';') {
          state = S.EXT_NAME_START;
        } else if (c == '\r') {
          state = S.CHUNK_LINE_LF;
        } else {
          return fail("invalid character after the chunk size");
        }
      }
      case CHUNK_LINE_LF -> {
        if (c != '\n') {
          return fail("a bare CR in a chunk line");
        }
        if (remaining == 0) {
          trailer = true;
          anyField = false;
          field = 0;
          state = S.FIELD_START;
        } else {
          state = S.CHUNK_DATA;
          return false;
        }
      }
      case CHUNK_DATA_CR -> {
        if (c != '\r') {
          return fail("chunk data is longer than its chunk size");
        }
        state = S.CHUNK_DATA_LF;
      }
      case CHUNK_DATA_LF -> {
        if (c != '\n') {
          return fail("chunk data is not followed by CRLF");
        }
        startChunk();
      }
      default -> throw new IllegalStateException(state.name());
    }
    return true;
  }


  private boolean versionChar(int c) {
    if (token.length() >= MAX_VERSION || c <= ' ' || c >= 0x7f) {
      return fail(side == Side.RESPONSES ? "the status line does not start with HTTP/d.d and one space" : "invalid HTTP version");
    }
    token.append((char) c);
    return true;
  }

  /**
   * The version of a request line: {@code HTTP/1.0} and {@code HTTP/1.1} pass; any other visible
   * token (the only thing left in the version's place) is a version this server does not speak.
   */
  private boolean requestVersion() {
    String v = token.toString();
    if (v.isEmpty()) {
      return fail("the request line ends with a space");
    }
    if (!v.equals("HTTP/1.1") && !v.equals("HTTP/1.0")) {
      String shown = v.length() > MAX_VERSION ? v.substring(0, MAX_VERSION) + "..." : v;
      return fail(Kind.UNSUPPORTED_VERSION, "HTTP version '" + shown + "' is not supported: only HTTP/1.1 and HTTP/1.0 are");
    }
    major = 1;
    minor = v.charAt(7) - '0';
    return true;
  }

  private boolean version() {
    String v = token.toString();
    if (v.length() != 8 || !v.startsWith("HTTP/") || !isDigit(v.charAt(5)) || v.charAt(6) != '.' || !isDigit(v.charAt(7))) {
      return fail(side == Side.RESPONSES ? "the status line does not start with HTTP/d.d and one space" : "invalid HTTP version");
    }
    major = v.charAt(5) - '0';
    minor = v.charAt(7) - '0';
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** VCHAR or obs-text. */
  private static boolean fieldChar(int c) {
    return (c > 0x20 && c < 0x7f) || c >= 0x80;
  }

  private String fieldName() {
    return field == 1 ? "Content-Length" : "Transfer-Encoding";
  }

  private void commitField() {
    if (field == 1) {
      contentLengths++;
      contentLength = value.toString();
    } else if (field == 2) {
      if (transferEncodings++ > 0) {
        transferEncoding.append(',');
      }
      if (transferEncoding.length() + value.length() > MAX_FRAMING_VALUE) {
        transferEncoding.setLength(MAX_FRAMING_VALUE + 1);
      } else {
        transferEncoding.append(value);
      }
    }
    field = 0;
  }

  /** The end of a head: decides how the body is framed, or refuses the message. */
  private boolean endHead() {
    boolean http10 = major == 1 && minor == 0;
    if (transferEncodings > 0) {
      if (http10) {
        return fail("Transfer-Encoding in an HTTP/1.0 message");
      }
      if (contentLengths > 0) {
        return fail("both Content-Length and Transfer-Encoding");
      }
      if (transferEncoding.length() > MAX_FRAMING_VALUE) {
        return fail("a Transfer-Encoding header is too long");
      }
      if (!codings()) {
        return false;
      }
    }
    long length = -1;
    if (contentLengths > 1) {
      return fail("more than one Content-Length");
    }
    if (contentLengths == 1) {
      String v = contentLength.strip();
      if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        return fail("Content-Length is not a number of 1 to 18 digits");
      }
      length = Long.parseLong(v);
    }
    if (side == Side.RESPONSES
        && ((status >= 100 && status < 200) || status == 204 || status == 304 || headResponse.getAsBoolean())) {
      return endMessage();
    }
    if (transferEncodings > 0) {
      startChunk();
      return true;
    }
    if (length > 0) {
      remaining = length;
      state = S.FIXED_BODY;
      return false;
    }
    if (length == 0 || side == Side.REQUESTS) {
      return endMessage();
    }
    state = S.UNTIL_CLOSE;
    return false;
  }

  /**
   * The transfer codings: {@code chunked} must be the final one (else the body length cannot be
   * known: RFC 9112 6.3) and applied once (6.1); any other coding before it is not implemented.
   */
  private boolean codings() {
    java.util.List<String> codings = new java.util.ArrayList<>();
    for (String coding : transferEncoding.toString().split(",", -1)) {
      String t = coding.strip().toLowerCase(Locale.ROOT);
      if (!t.isEmpty()) {
        codings.add(t);
      }
    }
    if (codings.isEmpty()) {
      return fail("an empty Transfer-Encoding");
    }
    String last = codings.get(codings.size() - 1);
    if (!last.equals("chunked")) {
      return fail("the final Transfer-Encoding is '" + shorten(last) + "', not chunked: the body length cannot be known");
    }
    if (codings.stream().filter(t -> t.equals("chunked")).count() > 1) {
      return fail("Transfer-Encoding names chunked more than once");
    }
    if (codings.size() > 1) {
      return fail(Kind.UNSUPPORTED_CODING,
          "Transfer-Encoding '" + shorten(codings.get(0)) + "' is not supported: only chunked is");
    }
    return true;
  }

  private static String shorten(String s) {
    return s.length() > 32 ? s.substring(0, 32) + "..." : s;
  }

  private void startChunk() {
    count = 0;
    remaining = 0;
    state = S.CHUNK_SIZE;
  }

  private boolean endMessage() {
    messages++;
    startMessage();
    return true;
  }

  private void startMessage() {
    state = S.LEADING;
    token.setLength(0);
    value.setLength(0);
    transferEncoding.setLength(0);
    count = 0;
    status = 0;
    trailer = false;
    field = 0;
    anyField = false;
    contentLengths = 0;
    contentLength = null;
    transferEncodings = 0;
    remaining = 0;
  }

  private boolean fail(String why) {
    return fail(Kind.MALFORMED, why);
  }

  private boolean fail(Kind k, String why) {
    error = why;
    kind = k;
    state = S.FAILED;
    return false;
  }
}
