package io.fetchd.defer;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Limits how many operations run at once: Twisted's {@code DeferredSemaphore}, with an optional
 * bound on the number of waiters.
 *
 * <p>{@link #acquire()} takes a token and fires at once when one is free; otherwise the caller
 * waits, first come first served. {@link #release()} returns a token, handing it straight to the
 * oldest waiter if there is one. {@link #run} wraps an operation in acquire and release.
 *
 * <p>Waiters are served by a loop, not by recursion: a waiter whose callbacks release the token
 * at once (a task that completes synchronously) does not nest the next waiter's callbacks inside
 * its own, so a long queue of such tasks runs in constant stack.
 *
 * <p>Cancelling an {@code acquire()} Deferred that is still waiting removes it from the queue (it
 * errbacks with {@link CancelledException}). Cancelling one that already fired does nothing: its
 * holder owns a token and must release it.
 *
 * <p>Thread rule: one thread, the reactor's. There are no locks; every method, and every
 * callback on the Deferreds it returns, runs on that thread.
 */
public final class DeferredSemaphore {
  private final int limit;
  private final int maxWaiting;
  private final ArrayDeque<Deferred<DeferredSemaphore>> waiters = new ArrayDeque<>();
  private int tokens;
  private boolean handingOut;

  /**
   * A semaphore with {@code tokens} tokens and no bound on waiters.
   *
   * @param tokens how many holders at once, at least 1
   * @throws IllegalArgumentException if {@code tokens} is below 1
   */
  public DeferredSemaphore(int tokens) {
    this(tokens, Integer.MAX_VALUE);
  }

  /**
   * A semaphore with {@code tokens} tokens and room for at most {@code maxWaiting} waiters; an
   * {@link #acquire()} beyond that fails at once with {@link QueueOverflowException}.
   *
   * @param tokens how many holders may hold it at once, at least 1
   * @param maxWaiting how many acquires may wait for a token, at least 0
   *     ({@link Integer#MAX_VALUE} for no bound)
   * @throws IllegalArgumentException if a bound is out of range
   */
  public DeferredSemaphore(int tokens, int maxWaiting) {
    if (tokens < 1) {
      throw new IllegalArgumentException("tokens must be >= 1, was " + tokens);
    }
    if (maxWaiting < 0) {
      throw new IllegalArgumentException("maxWaiting must be >= 0, was " + maxWaiting);
    }
    this.limit = tokens;
    this.tokens = tokens;
    this.maxWaiting = maxWaiting;
  }

  /**
   * Takes a token. The returned Deferred fires with this semaphore once the token is the caller's:
   * at once if one is free and nobody is waiting, otherwise when one is released to it. When
   * {@code maxWaiting} waiters are already queued, it has failed with
   * {@link QueueOverflowException} (and no token was taken).
   *
   * @return a Deferred that fires with this semaphore once a token is held
   */
  public Deferred<DeferredSemaphore> acquire() {
    if (tokens > 0 && waiters.isEmpty()) {
      tokens--;
      return Deferred.succeed(this);
    }
    // Tokens can be free while waiters are queued only during handOut(), which is about to serve
    // that many of them; they do not count against the bound.
    if (waiters.size() - tokens >= maxWaiting) {
      return Deferred.fail(
          new QueueOverflowException(
              "DeferredSemaphore has " + maxWaiting + " waiters already (maxWaiting)"));
    }
    Deferred<DeferredSemaphore> waiter = new Deferred<>(waiters::remove);
    waiters.add(waiter);
    return waiter;
  }

  /**
   * Takes a token now if one is free and nobody is waiting, without making a Deferred; false
   * otherwise (nothing taken). The fast path of a caller that would otherwise {@link #acquire()}.
   *
   * @return whether a token was taken
   */
  public boolean tryAcquire() {
    if (tokens > 0 && waiters.isEmpty()) {
      tokens--;
      return true;
    }
    return false;
  }

  /**
   * Returns a token, passing it to the oldest waiter if any.
   *
   * @throws IllegalStateException if no token is held (more releases than acquires)
   */
  public void release() {
    if (tokens >= limit) {
      throw new IllegalStateException(
          "DeferredSemaphore released more times than acquired (all " + limit + " tokens free)");
    }
    tokens++;
    handOut();
  }

  /**
   * Acquires a token, then calls {@code task}, then releases the token when the task's Deferred
   * fires, on success or failure. The returned Deferred fires with the task's result or Failure.
   * A task that throws, or returns null, counts as a failed, or null-valued, task. If the acquire
   * fails ({@link QueueOverflowException}), the task is not called.
   *
   * @param task what to run while holding a token
   * @param <R> the task's result type
   * @return a Deferred of the task's result, fired after the token is released
   */
  public <R> Deferred<R> run(Deferred.ThrowingSupplier<? extends Deferred<R>> task) {
    Objects.requireNonNull(task, "task");
    return acquire()
        .addCallbackDeferred(
            ignored ->
                Deferred.maybeDeferredAsync(task)
                    .addBoth(
                        (R value, Failure failure) -> {
                          release();
                          return failure == null ? value : failure.<R>raise();
                        }));
  }

  /**
   * Tokens free right now, from 0 to {@link #limit()}.
   *
   * @return the tokens free now
   */
  public int tokens() {
    return tokens;
  }

  /**
   * The number of tokens this semaphore was made with.
   *
   * @return the number of tokens in all
   */
  public int limit() {
    return limit;
  }

  /**
   * How many acquires are waiting for a token.
   *
   * @return how many acquires wait for a token
   */
  public int waiting() {
    return waiters.size();
  }

  /**
   * The most waiters allowed ({@link Integer#MAX_VALUE} when unbounded).
   *
   * @return the most acquires that may wait
   */
  public int maxWaiting() {
    return maxWaiting;
  }

  /**
   * Gives free tokens to waiters, oldest first. Re-entered calls (a waiter's callbacks release or
   * acquire) return at once and leave the work to the outer loop.
   */
  private void handOut() {
    if (handingOut) {
      return;
    }
    handingOut = true;
    try {
      while (tokens > 0 && !waiters.isEmpty()) {
        tokens--;
        waiters.poll().callback(this);
      }
    } finally {
      handingOut = false;
    }
  }

  @Override
  public String toString() {
    return "DeferredSemaphore{" + tokens + "/" + limit + " free, " + waiters.size() + " waiting}";
  }
}
