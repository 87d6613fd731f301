package io.fetchd.reactor;

import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A {@link Scheduler} whose time moves only when a test says so: Twisted's {@code task.Clock}.
 * Time starts at 0 ns. {@link #advance} first jumps time to the new instant, then runs every call
 * that is due, earliest first (calls due at the same instant run in the order they were scheduled
 * or last rescheduled). As in Twisted, the calls all see the new time, so a jump of several
 * intervals looks to the code like a reactor that was blocked; step with {@link #pump} to let each
 * call see its own time. A call scheduled while advancing runs in the same advance when it is due
 * by the new time (a zero delay, for instance).
 *
 * <p>Its delayed calls behave like the {@link Reactor}'s: cancelling, resetting or delaying one
 * that ran or was cancelled throws {@link CallAlreadyRanException} or {@link
 * CallAlreadyCancelledException}; {@link DelayedCall#reset} and {@link DelayedCall#delay} move the
 * call to its new place in the queue ({@code delay} by a negative amount brings it forward, as in
 * Twisted; a call brought to now or earlier runs at the next advance, even {@code advance(0)}). Unlike the reactor, an exception thrown by a call propagates
 * out of {@link #advance} (so a test sees it); the calls still due stay queued for the next
 * advance.
 *
 * <p>Thread rule: single-threaded. It has no locks; use it from the test's thread only.
 */
public final class FakeClock implements Scheduler {
  private final TreeSet<FakeCall> queue =
      new TreeSet<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private long now;
  private long nextSeq;

  /** A clock at time 0 with nothing scheduled. */
  public FakeClock() {}

  @Override
  public long nanoTime() {
    return now;
  }

  /**
   * The current time as a Duration since the clock was made (a test convenience).
   *
   * @return the time elapsed on this clock
   */
  public Duration elapsed() {
    return Duration.ofNanos(now);
  }

  /**
   * The current time in seconds since the clock was made: Twisted's {@code Clock.seconds()}.
   *
   * @return the time elapsed on this clock, in seconds
   */
  @Override
  public double seconds() {
    return now / 1e9;
  }

  @Override
  public DelayedCall callLater(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    FakeCall call = new FakeCall(task);
    call.time = now + Durations.nonNegativeNanos(delay, "delay");
    enqueue(call);
    return call;
  }

  /**
   * Moves time forward by {@code amount}, then runs every call due by the new time, in time order,
   * including calls that those calls schedule when due. A call may itself advance the clock (to
   * simulate work that takes time); this advance then ends at the later of the two times.
   *
   * @param amount how far to move the time (zero or positive)
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public void advance(Duration amount) {
    now += Durations.nonNegativeNanos(amount, "amount");
    while (!queue.isEmpty() && queue.first().time <= now) {
      FakeCall call = queue.pollFirst();
      call.state = CallState.RAN;
      call.task.run();
    }
  }

  /**
   * As {@link #advance(Duration)} with the amount in seconds: Twisted's {@code clock.advance(1.5)};
   * rounded to the nanosecond.
   *
   * @param seconds zero or positive
   * @throws IllegalArgumentException if {@code seconds} is negative or not a number
   */
  public void advance(double seconds) {
    advance(Scheduler.secondsToDuration(seconds, "amount"));
  }

  /**
   * Advances by each of {@code steps} in turn, running due calls after each one.
   *
   * @param steps the amounts to advance by, each zero or positive
   */
  public void pump(Duration... steps) {
    for (Duration step : steps) {
      advance(step);
    }
  }

  /**
   * As {@link #pump(Duration...)} with each step in seconds: Twisted's {@code clock.pump([1, 1])}.
   *
   * @param steps the amounts in seconds, each zero or positive
   */
  public void pump(double... steps) {
    for (double step : steps) {
      advance(step);
    }
  }

  /**
   * The pending calls, earliest first: a snapshot that later scheduling does not change.
   *
   * @return the pending calls, as Twisted's {@code getDelayedCalls()}
   */
  public List<DelayedCall> getDelayedCalls() {
    return Collections.unmodifiableList(new ArrayList<>(queue));
  }

  private void enqueue(FakeCall call) {
    call.seq = nextSeq++;
    queue.add(call);
  }

  @Override
  public String toString() {
    return "FakeClock{now=" + now + "ns, pending=" + queue.size() + "}";
  }

  private final class FakeCall implements DelayedCall {
    final Runnable task;
    long time;
    long seq;
    CallState state = CallState.PENDING;

    FakeCall(Runnable task) {
      this.task = task;
    }

    @Override
    public long time() {
      return time;
    }

    @Override
    public boolean isActive() {
      return state == CallState.PENDING;
    }

    @Override
    public void cancel() {
      state.requirePending();
      state = CallState.CANCELLED;
      queue.remove(this);
    }

    @Override
    public void reset(Duration delay) {
      state.requirePending();
      long nanos = Durations.nonNegativeNanos(delay, "delay");
      queue.remove(this);
      time = now + nanos;
      enqueue(this);
    }

    @Override
    public void delay(Duration by) {
      state.requirePending();
      long nanos = Objects.requireNonNull(by, "by").toNanos();
      queue.remove(this);
      time += nanos;
      enqueue(this);
    }

    @Override
    public String toString() {
      return "FakeCall{time=" + time + "ns, " + state + ", " + task + "}";
    }
  }
}
