package io.fetchd.http1;

import io.fetchd.http1.Http1Checker.Kind;
import io.fetchd.http1.Http1Checker.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The meaning of {@code Content-Length} and {@code Transfer-Encoding} (RFC 9112 6): collects their
 * values over one header section and, at its end, decides how the body is framed (none, fixed
 * length, chunked, until the close) or refuses the message. Thread rule: that of the checker.
 */
final class BodyFraming {
  /** A field that does not frame the body. */
  static final int OTHER = 0;
  static final int CONTENT_LENGTH = 1;
  static final int TRANSFER_ENCODING = 2;
  /** Longest Content-Length or Transfer-Encoding value (all fields together) accepted. */
  static final int MAX_VALUE = 256;

  private final Http1Checker m;
  private final Side side;
  private final BooleanSupplier headResponse;
  private final StartLine startLine;
  private int contentLengths;
  private String contentLength;
  private final StringBuilder transferEncoding = new StringBuilder();
  private int transferEncodings;

  BodyFraming(Http1Checker m, Side side, BooleanSupplier headResponse, StartLine startLine) {
    this.m = m;
    this.side = side;
    this.headResponse = headResponse;
    this.startLine = startLine;
  }

  /** Which framing field a lower-case header name is. */
  static int field(String lowerCaseName) {
    return lowerCaseName.equals("content-length") ? CONTENT_LENGTH
        : lowerCaseName.equals("transfer-encoding") ? TRANSFER_ENCODING : OTHER;
  }

  static String name(int field) {
    return field == CONTENT_LENGTH ? "Content-Length" : "Transfer-Encoding";
  }

  /** Before a new message. */
  void reset() {
    contentLengths = 0;
    contentLength = null;
    transferEncoding.setLength(0);
    transferEncodings = 0;
  }

  /** The end of one field line; {@code value} is only read for the two framing fields. */
  void add(int field, CharSequence value) {
    if (field == CONTENT_LENGTH) {
      contentLengths++;
      contentLength = value.toString();
    } else if (field == TRANSFER_ENCODING) {
      if (transferEncodings++ > 0) {
        transferEncoding.append(',');
      }
      if (transferEncoding.length() + value.length() > MAX_VALUE) {
        transferEncoding.setLength(MAX_VALUE + 1);
      } else {
        transferEncoding.append(value);
      }
    }
  }

  /** The end of a head: decides how the body is framed, or refuses the message. */
  boolean endHead() {
    if (transferEncodings > 0) {
      if (startLine.http10()) {
        return m.fail("Transfer-Encoding in an HTTP/1.0 message");
      }
      if (contentLengths > 0) {
        return m.fail("both Content-Length and Transfer-Encoding");
      }
      if (transferEncoding.length() > MAX_VALUE) {
        return m.fail("a Transfer-Encoding header is too long");
      }
      if (!codings()) {
        return false;
      }
    }
    long length = -1;
    if (contentLengths > 1) {
      return m.fail("more than one Content-Length");
    }
    if (contentLengths == 1) {
      String v = contentLength.strip();
      if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        return m.fail("Content-Length is not a number of 1 to 18 digits");
      }
      length = Long.parseLong(v);
    }
    int status = startLine.status();
    if (side == Side.RESPONSES
        && ((status >= 100 && status < 200) || status == 204 || status == 304 || headResponse.getAsBoolean())) {
      return m.endMessage();
    }
    if (transferEncodings > 0) {
      m.startChunk();
      return true;
    }
    if (length > 0) {
      return m.fixedBody(length);
    }
    if (length == 0 || side == Side.REQUESTS) {
      return m.endMessage();
    }
    return m.untilClose();
  }

  /**
   * The transfer codings: {@code chunked} must be the final one (else the body length cannot be
   * known: RFC 9112 6.3) and applied once (6.1); any other coding before it is not implemented.
   */
  private boolean codings() {
    List<String> codings = new ArrayList<>();
    for (String coding : transferEncoding.toString().split(",", -1)) {
      String t = coding.strip().toLowerCase(Locale.ROOT);
      if (!t.isEmpty()) {
        codings.add(t);
      }
    }
    if (codings.isEmpty()) {
      return m.fail("an empty Transfer-Encoding");
    }
    String last = codings.get(codings.size() - 1);
    if (!last.equals("chunked")) {
      return m.fail("the final Transfer-Encoding is '" + shorten(last) + "', not chunked: the body length cannot be known");
    }
    if (codings.stream().filter(t -> t.equals("chunked")).count() > 1) {
      return m.fail("Transfer-Encoding names chunked more than once");
    }
    if (codings.size() > 1) {
      return m.fail(Kind.UNSUPPORTED_CODING,
          "Transfer-Encoding '" + shorten(codings.get(0)) + "' is not supported: only chunked is");
    }
    return true;
  }

  private static String shorten(String s) {
    return s.length() > 32 ? s.substring(0, 32) + "..." : s;
  }
}
