package io.fetchd.defer;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A queue whose {@link #get()} returns a Deferred: Twisted's {@code DeferredQueue}.
 *
 * <p>{@link #put} hands the item to the oldest waiting get if there is one, else stores it.
 * {@link #get()} takes the oldest stored item at once, else waits for the next put. Both sides
 * are bounded when asked to be: at most {@code size} stored items (a put beyond that throws
 * {@link QueueOverflowException}) and at most {@code backlog} waiting gets (a get beyond that has
 * failed with {@link QueueUnderflowException}). Cancelling a waiting get removes it, so the next
 * put goes to the next waiter; cancelling one that fired does nothing.
 *
 * <p>Items may not be null.
 *
 * <p>Thread rule: one thread, the reactor's. There are no locks; every method, and every callback
 * on the Deferreds it returns, runs on that thread.
 *
 * @param <T> the item type
 */
public final class DeferredQueue<T> {
  private final int size;
  private final int backlog;
  private final ArrayDeque<T> pending = new ArrayDeque<>();
  private final ArrayDeque<Deferred<T>> waiting = new ArrayDeque<>();

  /** A queue with no bound on stored items or waiting gets. */
  public DeferredQueue() {
    this(Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /**
   * A bounded queue.
   *
   * @param size the most items stored at once, at least 0 (0: a put succeeds only when a get is
   *     waiting); {@link Integer#MAX_VALUE} for no bound
   * @param backlog the most gets waiting at once, at least 0; {@link Integer#MAX_VALUE} for no
   *     bound
   * @throws IllegalArgumentException if a bound is negative
   */
  public DeferredQueue(int size, int backlog) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size);
    }
    if (backlog < 0) {
      throw new IllegalArgumentException("backlog must be >= 0, was " + backlog);
    }
    this.size = size;
    this.backlog = backlog;
  }

  /**
   * Adds {@code item}: gives it to the oldest waiting get (whose callbacks run now), or stores it.
   *
   * @param item the item; it goes to the oldest waiting get, or into the queue
   * @throws QueueOverflowException if no get is waiting and {@code size} items are stored
   * @throws IllegalArgumentException if {@code item} is a Deferred (a Deferred never fires with a
   *     Deferred)
   */
  public void put(T item) {
    Objects.requireNonNull(item, "item");
    if (item instanceof Deferred<?>) {
      throw new IllegalArgumentException("a DeferredQueue does not carry Deferreds");
    }
    Deferred<T> waiter = waiting.poll();
    if (waiter != null) {
      waiter.callback(item);
    } else if (pending.size() < size) {
      pending.add(item);
    } else {
      throw new QueueOverflowException("DeferredQueue is full (" + size + " items)");
    }
  }

  /**
   * Takes the oldest item. The Deferred has fired already when an item was stored; otherwise it
   * fires on a later {@link #put}. When {@code backlog} gets are already waiting, it has failed
   * with {@link QueueUnderflowException}.
   *
   * @return a Deferred of the next item
   */
  public Deferred<T> get() {
    T item = pending.poll();
    if (item != null) {
      return Deferred.succeed(item);
    }
    if (waiting.size() >= backlog) {
      return Deferred.fail(
          new QueueUnderflowException(
              "DeferredQueue has " + backlog + " gets waiting already (backlog)"));
    }
    Deferred<T> waiter = new Deferred<>(waiting::remove);
    waiting.add(waiter);
    return waiter;
  }

  /**
   * How many items are stored.
   *
   * @return how many items wait for a get
   */
  public int pendingCount() {
    return pending.size();
  }

  /**
   * How many gets are waiting for an item.
   *
   * @return how many gets wait for an item
   */
  public int waitingCount() {
    return waiting.size();
  }

  @Override
  public String toString() {
    return "DeferredQueue{" + pending.size() + " items, " + waiting.size() + " gets waiting}";
  }
}
