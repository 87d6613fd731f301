package io.fetchd.http1;

import io.fetchd.http1.Http1Checker.Side;
import java.util.Locale;

/**
 * The field-line rules of {@link Http1Checker}, for the header section and the trailer section:
 * a name of token characters right before its colon, a value without control characters, CRLF
 * line ends, obs-fold only inside a response header section (where it continues the previous
 * value, RFC 9112 5.2). The values of {@code Content-Length} and {@code Transfer-Encoding} go to
 * the {@link BodyFraming}, which decides at the end of the head. Thread rule: that of the checker.
 */
final class HeaderFields {
  /** Longest remembered header name: longer ones are never Content-Length or Transfer-Encoding. */
  private static final int MAX_NAME = 32;

  private final Http1Checker m;
  private final Side side;
  private final BodyFraming framing;
  private final StringBuilder name = new StringBuilder();
  private final StringBuilder value = new StringBuilder();
  private boolean trailer;
  /** The current field: {@link BodyFraming#OTHER}, {@code CONTENT_LENGTH} or {@code TRANSFER_ENCODING}. */
  private int field;
  private boolean anyField;

  HeaderFields(Http1Checker m, Side side, BodyFraming framing) {
    this.m = m;
    this.side = side;
    this.framing = framing;
  }

  /** Before a new message. */
  void reset() {
    name.setLength(0);
    value.setLength(0);
    trailer = false;
    field = BodyFraming.OTHER;
    anyField = false;
    framing.reset();
  }

  /** After the last chunk: the trailer section follows, under the same rules. */
  void startTrailer() {
    trailer = true;
    anyField = false;
    field = BodyFraming.OTHER;
    m.state = State.FIELD_START;
  }

  /** {@link Http1Checker#accept} in header and trailer fields, and the end of the field section. */
  boolean accept(int c) {
    switch (m.state) {
      case FIELD_START -> {
        return fieldStart(c);
      }
      case NAME -> {
        if (c == ':') {
          String n = name.toString().toLowerCase(Locale.ROOT);
          field = trailer ? BodyFraming.OTHER : BodyFraming.field(n);
          anyField = true;
          value.setLength(0);
          m.state = State.VALUE;
        } else if (Chars.tchar(c)) {
          if (name.length() <= MAX_NAME) {
            name.append((char) c);
          }
        } else if (c == ' ' || c == '\t') {
          return m.fail("whitespace in a header name or before its colon");
        } else {
          return m.fail("invalid character in a header name");
        }
      }
      case VALUE -> {
        if (c == '\r') {
          m.state = State.FIELD_LF;
        } else if (Chars.fieldOrBlank(c)) {
          if (field != BodyFraming.OTHER) {
            if (value.length() >= BodyFraming.MAX_VALUE) {
              return m.fail("a " + BodyFraming.name(field) + " header is too long");
            }
            value.append((char) c);
          }
        } else {
          return m.fail(c == '\n' ? "a bare LF ends a line" : "a control character in a header value");
        }
      }
      case FIELD_LF -> {
        if (c != '\n') {
          return m.fail("a bare CR in a header line");
        }
        m.state = State.FIELD_START;
      }
      case HEAD_END_LF -> {
        if (c != '\n') {
          return m.fail("a bare CR ends the header section");
        }
        return trailer ? m.endMessage() : framing.endHead();
      }
      default -> throw new IllegalStateException(m.state.name());
    }
    return true;
  }

  /** The first byte of a line in a field section: a name, obs-fold, or the CR of the empty line. */
  private boolean fieldStart(int c) {
    if (c == ' ' || c == '\t') {
      if (side == Side.REQUESTS || trailer) {
        return m.fail("a header line starts with whitespace (obs-fold)");
      }
      if (!anyField) {
        return m.fail("whitespace between the status line and the first header");
      }
      if (field != BodyFraming.OTHER) {
        value.append(' ');
      }
      m.state = State.VALUE;
      return true;
    }
    framing.add(field, value);
    field = BodyFraming.OTHER;
    if (c == '\r') {
      m.state = State.HEAD_END_LF;
    } else if (Chars.tchar(c)) {
      name.setLength(0);
      name.append((char) c);
      m.state = State.NAME;
    } else if (c == ':') {
      return m.fail("a header has an empty name");
    } else {
      return m.fail(c == '\n' ? "a bare LF ends a line" : "invalid character in a header name");
    }
    return true;
  }
}
