package io.fetchd.api.http;

/**
 * The time rules of receiving one request, as a pure decision over a clock the caller reads: the
 * whole request (head and body) must arrive within {@code total} of its first byte, and after a
 * {@code grace} the bytes received must keep up with {@code minBytesPerSecond} on average. Unlike a
 * read timeout, neither rule restarts when a byte arrives, so a client that dribbles a byte every
 * few seconds is cut.
 *
 * <p>The owner calls {@link #start} at the first byte, {@link #received} for each read, and {@link
 * #check} at {@link #nextCheckAt()} (one timer at a time: the next instant a rule could break).
 *
 * <p>Thread rule: single-threaded (the connection's event loop); not shared.
 */
final class RequestDeadline {
  /** What {@link #check} decided. */
  enum Verdict {
    /** Both rules hold; check again at {@link #nextCheckAt()}. */
    OK,
    /** The request took longer than the total limit. */
    TOO_LONG,
    /** After the grace, the bytes received fell behind the minimum rate. */
    TOO_SLOW
  }

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long totalNanos;
  private final long graceNanos;
  private final long minBytesPerSecond;
  private long startNanos;
  private long bytes;

  /**
   * @param totalNanos the most a whole request may take from its first byte; positive
   * @param graceNanos how long the rate rule waits before it applies; zero or more
   * @param minBytesPerSecond the minimum average rate after the grace; 0 turns the rule off
   */
  RequestDeadline(long totalNanos, long graceNanos, long minBytesPerSecond) {
    if (totalNanos <= 0 || graceNanos < 0 || minBytesPerSecond < 0) {
      throw new IllegalArgumentException("total must be positive, grace and rate not negative");
    }
    this.totalNanos = totalNanos;
    this.graceNanos = graceNanos;
    this.minBytesPerSecond = minBytesPerSecond;
  }

  /** A request's first byte arrived at {@code nowNanos}: both rules count from here. */
  void start(long nowNanos) {
    startNanos = nowNanos;
    bytes = 0;
  }

  /** {@code n} more bytes of the request arrived. */
  void received(long n) {
    bytes += n;
  }

  /** Bytes received since {@link #start}. */
  long bytes() {
    return bytes;
  }

  /** The next instant, in the clock's nanoseconds, at which a rule could break. */
  long nextCheckAt() {
    long end = startNanos + totalNanos;
    if (minBytesPerSecond == 0) {
      return end;
    }
    return Math.min(end, startNanos + graceNanos + coveredNanos());
  }

  /** Which rule, if any, is broken at {@code nowNanos}. */
  Verdict check(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    if (elapsed >= totalNanos) {
      return Verdict.TOO_LONG;
    }
    if (minBytesPerSecond > 0 && elapsed > graceNanos && elapsed - graceNanos > coveredNanos()) {
      return Verdict.TOO_SLOW;
    }
    return Verdict.OK;
  }

  /** How long the bytes received so far keep the rate rule satisfied, past the grace. */
  private long coveredNanos() {
    if (bytes >= Long.MAX_VALUE / NANOS_PER_SECOND) {
      return Long.MAX_VALUE / 4;
    }
    return bytes * NANOS_PER_SECOND / minBytesPerSecond;
  }
}
