package io.fetchd.defer;

import java.util.Objects;

/**
 * Mutual exclusion for callback code: Twisted's {@code DeferredLock}, a
 * {@link DeferredSemaphore} with one token.
 *
 * <p>{@link #acquire()} fires with this lock once the caller holds it; others wait in order.
 * {@link #release()} hands the lock to the oldest waiter. {@link #run} holds the lock for the
 * length of one operation. Cancelling a waiting acquire removes it from the queue; cancelling one
 * that fired does nothing (the holder must release).
 *
 * <p>Thread rule: one thread, the reactor's. There are no locks in the Java sense; every method,
 * and every callback on the Deferreds it returns, runs on that thread.
 */
public final class DeferredLock {
  private final DeferredSemaphore semaphore;

  /** A lock with no bound on waiters. */
  public DeferredLock() {
    this(Integer.MAX_VALUE);
  }

  /**
   * A lock with room for at most {@code maxWaiting} waiters; an {@link #acquire()} beyond that
   * fails at once with {@link QueueOverflowException}.
   *
   * @param maxWaiting at least 0 ({@link Integer#MAX_VALUE} for no bound)
   */
  public DeferredLock(int maxWaiting) {
    this.semaphore = new DeferredSemaphore(1, maxWaiting);
  }

  /**
   * Takes the lock: the returned Deferred fires with this lock when the caller holds it, or has
   * failed with {@link QueueOverflowException} when the waiters are at their bound.
   *
   * @return a Deferred that fires with this lock once it is held
   */
  public Deferred<DeferredLock> acquire() {
    return semaphore.acquire().addCallback(ignored -> this);
  }

  /**
   * Releases the lock, handing it to the oldest waiter if any.
   *
   * @throws IllegalStateException if the lock is not held
   */
  public void release() {
    if (!locked()) {
      throw new IllegalStateException("DeferredLock released while not locked");
    }
    semaphore.release();
  }

  /**
   * Takes the lock, calls {@code task}, and releases the lock when the task's Deferred fires,
   * whatever the outcome. The returned Deferred fires with the task's result or Failure.
   *
   * @param task what to run while holding the lock
   * @param <R> the task's result type
   * @return a Deferred of the task's result, fired after the lock is released
   */
  public <R> Deferred<R> run(Deferred.ThrowingSupplier<? extends Deferred<R>> task) {
    return semaphore.run(Objects.requireNonNull(task, "task"));
  }

  /**
   * True while someone holds the lock.
   *
   * @return whether someone holds the lock
   */
  public boolean locked() {
    return semaphore.tokens() == 0;
  }

  /**
   * How many acquires are waiting for the lock.
   *
   * @return how many acquires wait for the lock
   */
  public int waiting() {
    return semaphore.waiting();
  }

  @Override
  public String toString() {
    return "DeferredLock{" + (locked() ? "locked" : "unlocked") + ", " + waiting() + " waiting}";
  }
}
