package io.fetchd.api.json;

import java.util.Arrays;

/**
 * One job's results as the JSON bytes {@link ResultJson} wrote for them, in completion order: a
 * compact growable byte store instead of {@code UrlOutcome} object graphs. Results are appended
 * to pages of {@value #PAGE_BYTES} bytes (a larger result gets a page of its own size), and two
 * arrays locate each one; so a result costs its JSON bytes plus {@value #INDEX_BYTES_PER_RESULT}
 * bytes, and a page is the unit the memory budget is asked for.
 *
 * <p>What was appended never changes, so a page being written out to a client stays valid even if
 * the job is evicted meanwhile (the response keeps the pages it reads alive).
 *
 * <p>Thread rule: reactor thread only.
 */
public final class EncodedOutcomes {
  /** Size of an ordinary page: 16 KiB. */
  public static final int PAGE_BYTES = 16 * 1024;
  /** Per result: its page and offset (a long) and its length (an int). */
  public static final int INDEX_BYTES_PER_RESULT = 12;

  private final long[] where;
  private final int[] lengths;
  private byte[][] pages = new byte[4][];
  private int pageCount;
  /** Bytes used in the last page. */
  private int lastUsed;
  private int count;

  /** A store for at most {@code capacity} results. */
  public EncodedOutcomes(int capacity) {
    this.where = new long[capacity];
    this.lengths = new int[capacity];
  }

  /** Bytes the index arrays of a store for {@code capacity} results take. */
  public static long indexBytes(int capacity) {
    return (long) INDEX_BYTES_PER_RESULT * capacity + 64;
  }

  /** How many results are stored. */
  int count() {
    return count;
  }

  /**
   * The size of the page that must be added before {@code len} more bytes fit, or 0 when they fit
   * the last page.
   */
  public int pageNeeded(int len) {
    if (pageCount > 0 && pages[pageCount - 1].length - lastUsed >= len) {
      return 0;
    }
    return Math.max(PAGE_BYTES, len);
  }

  /**
   * Appends one encoded result. When {@link #pageNeeded} said so, the caller has reserved that page
   * and passes its size.
   *
   * @throws IllegalStateException if the store is full, or a page is needed and none was given
   */
  public void append(byte[] bytes, int newPage) {
    if (count == where.length) {
      throw new IllegalStateException("store full: " + count + " results");
    }
    if (pageNeeded(bytes.length) != 0) {
      if (newPage < bytes.length) {
        throw new IllegalStateException("a page of at least " + bytes.length + " bytes is needed");
      }
      if (pageCount == pages.length) {
        pages = Arrays.copyOf(pages, pageCount * 2);
      }
      pages[pageCount++] = new byte[newPage];
      lastUsed = 0;
    }
    System.arraycopy(bytes, 0, pages[pageCount - 1], lastUsed, bytes.length);
    where[count] = (long) (pageCount - 1) << 32 | lastUsed;
    lengths[count] = bytes.length;
    lastUsed += bytes.length;
    count++;
  }

  /** Writes result {@code n} (completion order, {@code n < count()}) as one value of {@code w}. */
  public void writeTo(JsonWriter w, int n) {
    if (n < 0 || n >= count) {
      throw new IndexOutOfBoundsException("result " + n + " of " + count);
    }
    long at = where[n];
    w.rawValue(pages[(int) (at >>> 32)], (int) at, lengths[n]);
  }

  /** The bytes of result {@code n}, a copy (for tests and diagnostics). */
  public byte[] bytes(int n) {
    long at = where[n];
    int off = (int) at;
    return Arrays.copyOfRange(pages[(int) (at >>> 32)], off, off + lengths[n]);
  }

  /**
   * Shrinks the last page to what it holds (the job is over: nothing more will be appended) and
   * returns how many bytes that gave back.
   */
  public long trim() {
    if (pageCount == 0) {
      return 0;
    }
    byte[] last = pages[pageCount - 1];
    int freed = last.length - lastUsed;
    if (freed > 0) {
      pages[pageCount - 1] = Arrays.copyOf(last, lastUsed);
    }
    return freed;
  }

  /** Bytes of JSON stored (not counting page slack or the index). */
  long storedBytes() {
    long n = 0;
    for (int i = 0; i < count; i++) {
      n += lengths[i];
    }
    return n;
  }
}
