package io.fetchd.api.json;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes JSON as UTF-8 straight into Netty buffers, for the documents fetchd streams (results,
 * summaries, pages). Write some JSON, {@link #take()} what was written as one {@code ByteBuf} (a
 * response chunk), write more: the nesting carries across cuts, so one document can span many
 * chunks while memory stays at about one chunk.
 *
 * <p>It does what the result documents need and no more: objects, arrays, names, strings, whole
 * numbers, booleans, null, milliseconds with three decimals and base64. Commas are placed from the
 * nesting; several root values follow one another with nothing between them unless {@link
 * #newline()} puts one there (NDJSON). The bytes are those Jackson's generator writes for the same
 * calls with its defaults: {@code "}, {@code \} and control characters escaped ({@code \b \t \n \f
 * \r} short, the rest {@code \}{@code u00XX}), other characters as UTF-8 except surrogates, which
 * are escaped as {@code \}{@code uXXXX} (so a lone surrogate still makes valid JSON), and base64
 * with padding and no line breaks.
 *
 * <p>Misuse (a value where a name is due, more than {@value #MAX_DEPTH} levels, writing after
 * {@link #close()}) fails with {@link IllegalStateException}; nothing here does I/O, so nothing
 * else is thrown.
 *
 * <p>Ownership: {@link #take()} hands the buffer to the caller; {@link #close()} releases whatever
 * was written but not taken. Thread rule: one thread at a time (the reactor's, for responses).
 */
public final class JsonWriter implements AutoCloseable {
  /** Deepest nesting of objects and arrays. */
  static final int MAX_DEPTH = 63;
  /** The chunk size a streamed response aims at: 16 KiB. */
  public static final int CHUNK_BYTES = 16 * 1024;

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ESCAPES = JsonEncoding.ESCAPES;

  /**
   * Most bytes the scratch array (where bytes are written before they move to a buffer) grows to:
   * room for a response chunk ({@link #CHUNK_BYTES}) and the result that crosses its end, so that
   * only a result with a large body spills.
   */
  private static final int SCRATCH_BYTES = 2 * CHUNK_BYTES;
  /** Its size at first: a small response needs no more. */
  private static final int INITIAL_SCRATCH_BYTES = 1024;

  /** A field name encoded once, with its quotes and colon: {@code "name":}. Immutable. */
  public static final class Name {
    private final byte[] bytes;

    private Name(byte[] bytes) {
      this.bytes = bytes;
    }

    /**
     * Encodes {@code name} once, for writing many times with {@link JsonWriter#name(Name)}.
     *
     * @throws IllegalStateException if the encoded name would not fit a writer's scratch array
     *     (names of thousands of characters; use {@link JsonWriter#name(String)} for those)
     */
    public static Name of(String name) {
      JsonWriter w = new JsonWriter();
      w.string(name);
      w.put((byte) ':');
      byte[] b = new byte[w.pos];
      System.arraycopy(w.scratch, 0, b, 0, w.pos);
      return new Name(b);
    }
  }

  private final ByteBufAllocator alloc;
  private byte[] scratch = new byte[INITIAL_SCRATCH_BYTES];
  private final byte[] digits = new byte[JsonEncoding.MILLIS_MAX_CHARS];
  private int pos;
  /** {@code scratch.length}, or 0 once closed (so that every write takes the checked slow path). */
  private int limit = INITIAL_SCRATCH_BYTES;
  /** What was written before {@link #scratch} last filled up, not yet taken. */
  private ByteBuf spilled;
  /** Bit d: the container at depth d has an element already (the next one needs a comma). */
  private long nonEmpty;
  /** Bit d: the container at depth d is an object. */
  private long objects;
  private int depth;
  private boolean afterName;
  private boolean closed;

  /** A writer whose buffers come from {@code alloc}. */
  public JsonWriter(ByteBufAllocator alloc) {
    this.alloc = Objects.requireNonNull(alloc, "alloc");
  }

  /** A writer without buffers, for {@link Name#of}: it fails rather than spill. */
  private JsonWriter() {
    this.alloc = null;
  }

  // ---- structure ------------------------------------------------------------------------------

  public JsonWriter startObject() {
    beforeValue();
    open(true);
    put((byte) '{');
    return this;
  }

  public JsonWriter endObject() {
    end(true);
    put((byte) '}');
    return this;
  }

  public JsonWriter startArray() {
    beforeValue();
    open(false);
    put((byte) '[');
    return this;
  }

  public JsonWriter endArray() {
    end(false);
    put((byte) ']');
    return this;
  }

  /** Writes a field name; the next call writes its value. */
  public JsonWriter name(Name name) {
    beforeName();
    byte[] b = name.bytes;
    ensure(b.length);
    System.arraycopy(b, 0, scratch, pos, b.length);
    pos += b.length;
    return this;
  }

  /** Writes a field name; the next call writes its value. */
  public JsonWriter name(String name) {
    beforeName();
    string(name);
    put((byte) ':');
    return this;
  }

  /** Writes a line break between root values (NDJSON); only at the root. */
  public JsonWriter newline() {
    if (depth != 0) {
      throw new IllegalStateException("a line break goes between root values");
    }
    put((byte) '\n');
    return this;
  }

  // ---- values -----------------------------------------------------------------------------------

  /** Writes {@code s} as a JSON string, or {@code null} when it is null. */
  public JsonWriter value(String s) {
    beforeValue();
    if (s == null) {
      put(NULL, 0, NULL.length);
    } else {
      string(s);
    }
    return this;
  }

  public JsonWriter value(long v) {
    beforeValue();
    number(v);
    return this;
  }

  public JsonWriter value(boolean v) {
    beforeValue();
    byte[] b = v ? TRUE : FALSE;
    put(b, 0, b.length);
    return this;
  }

  public JsonWriter nullValue() {
    beforeValue();
    put(NULL, 0, NULL.length);
    return this;
  }

  /**
   * Writes {@code nanos} as milliseconds with three decimals (a JSON number), rounded half away
   * from zero to the microsecond: {@code 1234567} is {@code 1.235}, {@code 0} is {@code 0.000}.
   */
  public JsonWriter millis(long nanos) {
    beforeValue();
    int n = JsonEncoding.formatMillis(nanos, digits);
    put(digits, digits.length - n, n);
    return this;
  }

  /** Writes {@code bytes} as a base64 string (standard alphabet, padded, no line breaks). */
  public JsonWriter base64(byte[] bytes) {
    beforeValue();
    put((byte) '"');
    int i = 0;
    int whole = bytes.length - bytes.length % 3;
    while (i < whole) {
      int groups = Math.min((whole - i) / 3, SCRATCH_BYTES / 4);
      ensure(groups * 4);
      pos = JsonEncoding.base64Groups(bytes, i, groups, scratch, pos);
      i += groups * 3;
    }
    if (i < bytes.length) {
      ensure(4);
      pos = JsonEncoding.base64Tail(bytes, i, scratch, pos);
    }
    put((byte) '"');
    return this;
  }

  /**
   * Writes {@code len} bytes of {@code bytes} from {@code off} as one value, as they are: they must
   * be one complete JSON value (a stored result this writer, or another, wrote before).
   */
  public JsonWriter rawValue(byte[] bytes, int off, int len) {
    beforeValue();
    put(bytes, off, len);
    return this;
  }

  // ---- convenience ------------------------------------------------------------------------------

  public JsonWriter field(Name name, String value) {
    return name(name).value(value);
  }

  public JsonWriter field(Name name, long value) {
    return name(name).value(value);
  }

  public JsonWriter field(Name name, boolean value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, String value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, long value) {
    return name(name).value(value);
  }

  // ---- output -----------------------------------------------------------------------------------

  /** Bytes written since the last {@link #take()}. */
  public int pending() {
    return pos + (spilled == null ? 0 : spilled.readableBytes());
  }

  /** Everything written since the last call, as a buffer the caller now owns (maybe empty). */
  public ByteBuf take() {
    checkOpen();
    ByteBuf b = spilled;
    spilled = null;
    if (b == null) {
      if (pos == 0) {
        return Unpooled.EMPTY_BUFFER;
      }
      b = alloc.buffer(pos);
    }
    b.writeBytes(scratch, 0, pos);
    pos = 0;
    return b;
  }

  /**
   * Everything written since the last take, as a new array (for storing encoded results): like
   * {@link #take()}, but the bytes leave as a {@code byte[]} and no buffer is handed out.
   */
  public byte[] takeBytes() {
    checkOpen();
    int spilledBytes = spilled == null ? 0 : spilled.readableBytes();
    byte[] out = new byte[spilledBytes + pos];
    if (spilled != null) {
      spilled.readBytes(out, 0, spilledBytes);
      spilled.release();
      spilled = null;
    }
    System.arraycopy(scratch, 0, out, spilledBytes, pos);
    pos = 0;
    return out;
  }

  /** Drops what was not taken and releases its buffer. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pos = 0;
    limit = 0;
    if (spilled != null) {
      spilled.release();
      spilled = null;
    }
  }

  // ---- internals --------------------------------------------------------------------------------

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth > 0) {
      if ((objects & 1L << depth) != 0) {
        throw new IllegalStateException("a value inside an object needs a name first");
      }
      separate();
    }
  }

  private void beforeName() {
    if (afterName || depth == 0 || (objects & 1L << depth) == 0) {
      throw new IllegalStateException("a name belongs inside an object, before its value");
    }
    separate();
    afterName = true;
  }

  private void separate() {
    long bit = 1L << depth;
    if ((nonEmpty & bit) != 0) {
      put((byte) ',');
    } else {
      nonEmpty |= bit;
    }
  }

  private void open(boolean object) {
    if (depth == MAX_DEPTH) {
      throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
    }
    depth++;
    long bit = 1L << depth;
    nonEmpty &= ~bit;
    objects = object ? objects | bit : objects & ~bit;
  }

  private void end(boolean object) {
    if (depth == 0 || afterName || ((objects & 1L << depth) != 0) != object) {
      throw new IllegalStateException(object ? "no object to end here" : "no array to end here");
    }
    depth--;
  }

  private void number(long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        put(LONG_MIN, 0, LONG_MIN.length);
        return;
      }
      put((byte) '-');
      v = -v;
    }
    if (v <= Integer.MAX_VALUE) {
      digits((int) v, 1); // indexes, statuses, counts: int arithmetic is cheaper
      return;
    }
    number(v / 1_000_000_000L); // at most twice more: Long.MAX_VALUE has 19 digits
    digits((int) (v % 1_000_000_000L), 9);
  }

  /**
   * Writes {@code v} (not negative) in decimal, zero-padded to {@code minDigits}. The digits are
   * counted with one loop branch, not a ladder of comparisons: C2 prunes a comparison it has never
   * seen go one way, so a ladder compiled while indexes were below 10,000 deoptimized its caller
   * ({@code ResultJson.write}) at the batch's 10,000th result (JFR, one-second run).
   */
  private void digits(int v, int minDigits) {
    ensure(10);
    int count = 1;
    for (int t = v; t >= 10; t /= 10) {
      count++;
    }
    int end = pos + Math.max(count, minDigits);
    for (int i = end - 1; i >= pos; i--) {
      scratch[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    pos = end;
  }

  /**
   * Writes {@code s} quoted and escaped. The common case, printable ASCII that fits, is one short
   * loop; anything else goes on in {@link #escaped}.
   */
  private void string(String s) {
    int n = s.length();
    ensure(Math.min(n, SCRATCH_BYTES / 6 - 2) + 2);
    byte[] out = scratch;
    int p = pos;
    out[p++] = '"';
    int end = Math.min(n, out.length - p - 1);
    int i = 0;
    for (; i < end; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || ESCAPES[c] != 0) {
        break;
      }
      out[p++] = (byte) c;
    }
    pos = p;
    if (i < n) {
      escaped(s, i);
    }
    put((byte) '"');
  }

  /** Writes {@code s} from {@code i} on, escaped and UTF-8 encoded, in runs that fit. */
  private void escaped(String s, int i) {
    int n = s.length();
    while (i < n) {
      // Worst case 6 bytes per char (an escape); write a run that fits.
      ensure(Math.min(n - i, SCRATCH_BYTES / 6) * 6);
      int end = i + Math.min(n - i, (scratch.length - pos) / 6);
      byte[] out = scratch;
      int p = pos;
      for (; i < end; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          byte e = ESCAPES[c];
          if (e == 0) {
            out[p++] = (byte) c;
          } else if (e == 'u') {
            p = JsonEncoding.unicodeEscape(out, p, c);
          } else {
            out[p++] = '\\';
            out[p++] = e;
          }
        } else if (c < 0x800) {
          out[p++] = (byte) (0xc0 | c >> 6);
          out[p++] = (byte) (0x80 | c & 0x3f);
        } else if (Character.isSurrogate(c)) {
          p = JsonEncoding.unicodeEscape(out, p, c);
        } else {
          out[p++] = (byte) (0xe0 | c >> 12);
          out[p++] = (byte) (0x80 | c >> 6 & 0x3f);
          out[p++] = (byte) (0x80 | c & 0x3f);
        }
      }
      pos = p;
    }
  }

  private void put(byte b) {
    ensure(1);
    scratch[pos++] = b;
  }

  private void put(byte[] b, int off, int len) {
    while (len > 0) {
      ensure(Math.min(len, SCRATCH_BYTES));
      int n = Math.min(len, scratch.length - pos);
      System.arraycopy(b, off, scratch, pos, n);
      pos += n;
      off += n;
      len -= n;
    }
  }

  /** Makes room for {@code n} (at most {@link #SCRATCH_BYTES}) bytes in the scratch array. */
  private void ensure(int n) {
    if (limit - pos < n) {
      makeRoom(n);
    }
  }

  private void makeRoom(int n) {
    checkOpen();
    if (pos + n > SCRATCH_BYTES) {
      spill();
    }
    if (pos + n > scratch.length) {
      scratch = Arrays.copyOf(scratch, Math.min(SCRATCH_BYTES, Math.max(2 * scratch.length, pos + n)));
      limit = scratch.length;
    }
  }

  private void spill() {
    if (alloc == null) {
      throw new IllegalStateException("a name too long to pre-encode (" + SCRATCH_BYTES / 6 + " characters at most)");
    }
    if (spilled == null) {
      spilled = alloc.buffer(SCRATCH_BYTES);
    }
    spilled.writeBytes(scratch, 0, pos);
    pos = 0;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("JsonWriter is closed");
    }
  }
}
