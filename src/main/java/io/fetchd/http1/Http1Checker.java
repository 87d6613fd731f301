package io.fetchd.http1;

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
 * <p>This class is the driver: it holds the state, skips bodies and hands each byte to the rules
 * of the part of the message it is in: {@link StartLine}, {@link HeaderFields} (with {@link
 * BodyFraming} for the length fields) and {@link ChunkedBody}.
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

  private final StartLine startLine;
  private final HeaderFields fields;
  private final ChunkedBody chunks;

  /** Where the stream is; the rule classes move it on. */
  State state;
  private String error;
  private Kind kind;
  private long remaining;
  private long messages;

  /**
   * @param side what the stream carries
   * @param headResponse for {@link Side#RESPONSES}: asked at the end of each response head,
   *     true when that response answers a HEAD request (so it has no body)
   */
  public Http1Checker(Side side, BooleanSupplier headResponse) {
    this.startLine = new StartLine(this, side);
    this.fields = new HeaderFields(this, side, new BodyFraming(this, side, headResponse, startLine));
    this.chunks = new ChunkedBody(this, fields);
    startMessage();
  }

  /** A checker of requests. */
  public static Http1Checker requests() {
    return new Http1Checker(Side.REQUESTS, () -> false);
  }

  /** True once a violation was found. */
  public boolean failed() {
    return state == State.FAILED;
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
    return state == State.FIXED_BODY || state == State.CHUNK_DATA
        ? remaining
        : state == State.UNTIL_CLOSE ? Long.MAX_VALUE : 0;
  }

  /** Skips {@code n} body bytes, at most {@link #skippable()}. */
  public void skip(long n) {
    if (n <= 0) {
      return;
    }
    if (n > skippable()) {
      throw new IllegalArgumentException("skip " + n + " > " + skippable());
    }
    if (state == State.UNTIL_CLOSE) {
      return;
    }
    remaining -= n;
    if (remaining == 0) {
      if (state == State.FIXED_BODY) {
        endMessage();
      } else {
        state = State.CHUNK_DATA_CR;
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
      case LEADING, LEADING_LF, METHOD, TARGET, REQ_VERSION, RES_VERSION, STATUS, REASON, START_LF ->
          startLine.accept(c);
      case FIELD_START, NAME, VALUE, FIELD_LF, HEAD_END_LF -> fields.accept(c);
      case CHUNK_SIZE, EXT_NAME_START, EXT_NAME, EXT_TOKEN, EXT_VALUE_START, EXT_QUOTED, EXT_QUOTED_ESCAPE,
          EXT_AFTER_QUOTED, CHUNK_LINE_LF, CHUNK_DATA_CR, CHUNK_DATA_LF -> chunks.accept(c);
      case FAILED -> false;
      case FIXED_BODY, CHUNK_DATA, UNTIL_CLOSE -> throw new IllegalStateException("skip body bytes, do not accept them");
    };
  }

  // The moves the rule classes make at the edges of a body or a message.

  /** A body of {@code length > 0} bytes follows; false: the caller skips it. */
  boolean fixedBody(long length) {
    remaining = length;
    state = State.FIXED_BODY;
    return false;
  }

  /** The body runs until the connection closes; false: the caller skips it. */
  boolean untilClose() {
    state = State.UNTIL_CLOSE;
    return false;
  }

  /** A chunk line follows. */
  void startChunk() {
    chunks.startChunk();
  }

  /** {@code size} bytes of chunk data follow; false: the caller skips them. */
  boolean chunkData(long size) {
    remaining = size;
    state = State.CHUNK_DATA;
    return false;
  }

  boolean endMessage() {
    messages++;
    startMessage();
    return true;
  }

  private void startMessage() {
    state = State.LEADING;
    startLine.reset();
    fields.reset();
    remaining = 0;
  }

  boolean fail(String why) {
    return fail(Kind.MALFORMED, why);
  }

  boolean fail(Kind k, String why) {
    error = why;
    kind = k;
    state = State.FAILED;
    return false;
  }
}
