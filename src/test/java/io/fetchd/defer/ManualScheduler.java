package io.fetchd.defer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Scheduler} whose time moves only when a test calls {@link #advance}: Twisted's
 * {@code task.Clock}, cut down to what the Deferred tests need.
 *
 * <p>Time starts at 0 ns. {@link #advance} moves it forward and then runs every call that is due,
 * earliest first (calls due at the same instant run in the order they were scheduled), including
 * calls scheduled by those calls if they are due too. Test thread only.
 */
final class ManualScheduler implements Scheduler {
  private static final Comparator<Call> DUE_ORDER =
      Comparator.comparingLong((Call c) -> c.time).thenComparingLong(c -> c.sequence);

  private final List<Call> pending = new ArrayList<>();
  private long now;
  private long nextSequence;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public DelayedCall callLater(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    requireNotNegative(delay);
    Call call = new Call(now + delay.toNanos(), nextSequence++, task);
    pending.add(call);
    return call;
  }

  /**
   * Moves time forward by {@code by}, then runs the calls now due in time order. An exception
   * thrown by a call propagates to the caller; that call counts as run.
   */
  void advance(Duration by) {
    requireNotNegative(by);
    now += by.toNanos();
    while (true) {
      Call next = pending.stream().filter(c -> c.time <= now).min(DUE_ORDER).orElse(null);
      if (next == null) {
        return;
      }
      pending.remove(next);
      next.ran = true;
      next.task.run();
    }
  }

  /** The calls that are still waiting to run, earliest first. */
  List<DelayedCall> activeCalls() {
    List<Call> copy = new ArrayList<>(pending);
    copy.sort(DUE_ORDER);
    return List.copyOf(copy);
  }

  private static void requireNotNegative(Duration d) {
    Objects.requireNonNull(d, "duration");
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + d);
    }
  }

  private final class Call implements DelayedCall {
    final long sequence;
    final Runnable task;
    long time;
    boolean ran;
    boolean cancelled;

    Call(long time, long sequence, Runnable task) {
      this.time = time;
      this.sequence = sequence;
      this.task = task;
    }

    @Override
    public long time() {
      return time;
    }

    @Override
    public boolean isActive() {
      return !ran && !cancelled;
    }

    @Override
    public void cancel() {
      requireActive();
      cancelled = true;
      pending.remove(this);
    }

    @Override
    public void reset(Duration delay) {
      requireNotNegative(delay);
      requireActive();
      time = now + delay.toNanos();
    }

    @Override
    public void delay(Duration by) {
      Objects.requireNonNull(by, "by");
      requireActive();
      time += by.toNanos();
    }

    private void requireActive() {
      if (ran) {
        throw new IllegalStateException("the call already ran");
      }
      if (cancelled) {
        throw new IllegalStateException("the call was already cancelled");
      }
    }

    @Override
    public String toString() {
      return "Call{time=" + time + "ns, " + (isActive() ? "active" : "done") + "}";
    }
  }
}
