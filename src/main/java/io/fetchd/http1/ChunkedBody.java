package io.fetchd.http1;

/**
 * The chunked-body rules of {@link Http1Checker} (RFC 9112 7.1): a chunk line of 1 to 16 hex
 * digits, optional extensions {@code ;name[=token|quoted-string]} and CRLF, with no whitespace;
 * CRLF right after each chunk's data. The data itself is skipped by the driver; after the last
 * chunk the trailer section goes to the {@link HeaderFields}. Thread rule: that of the checker.
 */
final class ChunkedBody {
  private final Http1Checker m;
  private final HeaderFields fields;
  private int digits;
  private long size;

  ChunkedBody(Http1Checker m, HeaderFields fields) {
    this.m = m;
    this.fields = fields;
  }

  /** Before a chunk line. */
  void startChunk() {
    digits = 0;
    size = 0;
    m.state = State.CHUNK_SIZE;
  }

  /** {@link Http1Checker#accept} in one of the chunk states. */
  boolean accept(int c) {
    return switch (m.state) {
      case CHUNK_SIZE, CHUNK_LINE_LF, CHUNK_DATA_CR, CHUNK_DATA_LF -> framing(c);
      default -> extension(c);
    };
  }

  /** In the chunk size and the end of the chunk line, and the CRLF after chunk data. */
  private boolean framing(int c) {
    switch (m.state) {
      case CHUNK_SIZE -> {
        int d = Character.digit(c, 16);
        if (d >= 0) {
          if (++digits > 16) {
            return m.fail("the chunk size is longer than 16 hex digits");
          }
          if (size > (Long.MAX_VALUE - d) / 16) {
            return m.fail("the chunk size is larger than 2^63 - 1");
          }
          size = size * 16 + d;
        } else if (digits == 0) {
          return m.fail("a chunk line does not start with a hex chunk size");
        } else if (c == ';') {
          m.state = State.EXT_NAME_START;
        } else if (c == '\r') {
          m.state = State.CHUNK_LINE_LF;
        } else {
          return m.fail("invalid character after the chunk size");
        }
      }
      case CHUNK_LINE_LF -> {
        if (c != '\n') {
          return m.fail("a bare CR in a chunk line");
        }
        if (size == 0) {
          fields.startTrailer();
        } else {
          return m.chunkData(size);
        }
      }
      case CHUNK_DATA_CR -> {
        if (c != '\r') {
          return m.fail("chunk data is longer than its chunk size");
        }
        m.state = State.CHUNK_DATA_LF;
      }
      case CHUNK_DATA_LF -> {
        if (c != '\n') {
          return m.fail("chunk data is not followed by CRLF");
        }
        startChunk();
      }
      default -> throw new IllegalStateException(m.state.name());
    }
    return true;
  }

  /** In a chunk extension. */
  private boolean extension(int c) {
    switch (m.state) {
      case EXT_NAME_START -> {
        if (!Chars.tchar(c)) {
          return m.fail("a chunk extension has no name");
        }
        m.state = State.EXT_NAME;
      }
      case EXT_NAME, EXT_TOKEN -> {
        if (c == '=' && m.state == State.EXT_NAME) {
          m.state = State.EXT_VALUE_START;
        } else if (c == ';') {
          m.state = State.EXT_NAME_START;
        } else if (c == '\r') {
          m.state = State.CHUNK_LINE_LF;
        } else if (!Chars.tchar(c)) {
          return m.fail("invalid character in a chunk extension");
        }
      }
      case EXT_VALUE_START -> {
        if (c == '"') {
          m.state = State.EXT_QUOTED;
        } else if (Chars.tchar(c)) {
          m.state = State.EXT_TOKEN;
        } else {
          return m.fail("a chunk extension has no value after '='");
        }
      }
      case EXT_QUOTED -> {
        if (c == '"') {
          m.state = State.EXT_AFTER_QUOTED;
        } else if (c == '\\') {
          m.state = State.EXT_QUOTED_ESCAPE;
        } else if (!Chars.fieldOrBlank(c)) {
          return m.fail("invalid character in a quoted chunk extension");
        }
      }
      case EXT_QUOTED_ESCAPE -> {
        if (!Chars.fieldOrBlank(c)) {
          return m.fail("invalid escape in a quoted chunk extension");
        }
        m.state = State.EXT_QUOTED;
      }
      case EXT_AFTER_QUOTED -> {
        if (c == ';') {
          m.state = State.EXT_NAME_START;
        } else if (c == '\r') {
          m.state = State.CHUNK_LINE_LF;
        } else {
          return m.fail("invalid character after a quoted chunk extension");
        }
      }
      default -> throw new IllegalStateException(m.state.name());
    }
    return true;
  }
}
