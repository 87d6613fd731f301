package io.fetchd.memory;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One budget, in bytes, for everything a client can make the service hold: request bodies being
 * received, finished jobs' outcomes, kept response bodies and responses queued for slow readers
 * ({@link MemoryKind}). Whoever is about to hold bytes on a client's behalf asks {@link
 * #tryReserve} first and refuses the work (503 {@code Overloaded}, or 413 when the request could
 * never fit: {@link #couldEverFit}) when it says no; whoever lets the bytes go calls {@link
 * #release} with the same kind and count. A reservation is therefore owned by exactly one holder,
 * like a {@code ByteBuf}.
 *
 * <p>The budget never blocks and never allocates. {@link #tryReserve} refuses rather than exceed
 * the limit; {@link #forceReserve} is for bytes that already exist and cannot be refused any more
 * (for example a response already written to a slow client), so that they are counted honestly.
 *
 * <p>Thread rule: any thread. The counters are atomics (no locks); the fetch path only ever
 * touches them from the reactor thread, metrics read them from the scrape thread.
 */
public final class MemoryBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLongArray byKind = new AtomicLongArray(MemoryKind.values().length);
  private final AtomicLongArray refusals = new AtomicLongArray(MemoryKind.values().length);

  /**
   * @param limitBytes the most all kinds together may hold; positive
   * @throws IllegalArgumentException if {@code limitBytes} is not positive
   */
  public MemoryBudget(long limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("the memory budget must be positive, got " + limitBytes);
    }
    this.limit = limitBytes;
  }

  /** A budget that admits everything: for embedders and tests that do not bound memory. */
  public static MemoryBudget unlimited() {
    return new MemoryBudget(Long.MAX_VALUE);
  }

  /**
   * The default limit on this JVM: half of the smaller of the heap's maximum ({@code -Xmx}) and
   * the direct-memory maximum ({@code -XX:MaxDirectMemorySize}, which defaults to the heap's), so
   * that whatever the budget holds fits in either kind of memory with room to spare.
   *
   * @param maxHeapBytes {@code Runtime.maxMemory()}
   * @param maxDirectBytes the direct-memory limit the allocator enforces
   */
  public static long defaultLimit(long maxHeapBytes, long maxDirectBytes) {
    long smaller = Math.min(maxHeapBytes, maxDirectBytes);
    return Math.max(1, smaller / 2);
  }

  /**
   * Reserves {@code bytes} of {@code kind} if the total stays within the limit. Zero always
   * succeeds.
   *
   * @return true when reserved (the caller now owns it and must {@link #release} it); false when
   *     it would pass the limit (nothing was reserved)
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public boolean tryReserve(MemoryKind kind, long bytes) {
    Objects.requireNonNull(kind, "kind");
    checkNotNegative(bytes);
    if (bytes == 0) {
      return true;
    }
    while (true) {
      long now = used.get();
      long next = now + bytes;
      if (next > limit || next < 0) {
        refusals.incrementAndGet(kind.ordinal());
        return false;
      }
      if (used.compareAndSet(now, next)) {
        byKind.addAndGet(kind.ordinal(), bytes);
        return true;
      }
    }
  }

  /**
   * Counts {@code bytes} of {@code kind} even past the limit: for memory that is already held and
   * can no longer be refused. The caller owns the reservation and must {@link #release} it.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public void forceReserve(MemoryKind kind, long bytes) {
    Objects.requireNonNull(kind, "kind");
    checkNotNegative(bytes);
    used.addAndGet(bytes);
    byKind.addAndGet(kind.ordinal(), bytes);
  }

  /**
   * Gives back {@code bytes} of {@code kind} that the caller reserved.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   * @throws IllegalStateException if more of {@code kind} would be released than is held (an
   *     ownership bug: the counters are left unchanged)
   */
  public void release(MemoryKind kind, long bytes) {
    Objects.requireNonNull(kind, "kind");
    checkNotNegative(bytes);
    if (bytes == 0) {
      return;
    }
    while (true) {
      long k = byKind.get(kind.ordinal());
      if (k < bytes) {
        throw new IllegalStateException(
            "releasing " + bytes + " bytes of " + kind.label() + " while only " + k + " are held");
      }
      if (byKind.compareAndSet(kind.ordinal(), k, k - bytes)) {
        used.addAndGet(-bytes);
        return;
      }
    }
  }

  /**
   * Counts a refusal of {@code kind} that the caller decided without calling {@link #tryReserve}
   * (an admission check on an expected size), so that {@link #refusals} tells every refusal.
   */
  public void countRefusal(MemoryKind kind) {
    Objects.requireNonNull(kind, "kind");
    refusals.incrementAndGet(kind.ordinal());
  }

  /** True when {@code bytes} could be reserved on an otherwise empty budget (else: 413, not 503). */
  public boolean couldEverFit(long bytes) {
    return bytes <= limit;
  }

  /** The limit, in bytes. */
  public long limit() {
    return limit;
  }

  /** Bytes held now, all kinds together (may pass the limit only through {@link #forceReserve}). */
  public long used() {
    return used.get();
  }

  /** Bytes of {@code kind} held now. */
  public long used(MemoryKind kind) {
    return byKind.get(kind.ordinal());
  }

  /** Bytes that {@link #tryReserve} would still admit now; never negative. */
  public long available() {
    return Math.max(0, limit - used.get());
  }

  /** How many reservations of {@code kind} were refused since the start. */
  public long refusals(MemoryKind kind) {
    return refusals.get(kind.ordinal());
  }

  private static void checkNotNegative(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
    }
  }

  @Override
  public String toString() {
    return "MemoryBudget[" + used() + " of " + limit + " bytes]";
  }
}
