package io.fetchd.reactor;

import io.fetchd.defer.CancelledException;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Failure;
import io.fetchd.defer.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Calls a function every interval on a clock: Twisted's {@code task.LoopingCall}.
 *
 * <p>Iterations are aligned on the start time: with interval {@code i} started at {@code t0}, calls
 * happen at {@code t0 + k*i}. When an iteration ends late (the clock jumped, or the function's
 * Deferred took longer than an interval), the missed slots are skipped, not run in a burst: the
 * next call is at the first slot strictly after now. If the function returns a {@link Deferred},
 * the next iteration is not scheduled until it fires; its result is ignored.
 *
 * <p>{@link #start} returns a Deferred that fires with this LoopingCall when {@link #stop()} is
 * called (once any iteration in progress has finished), or fails with the function's exception or
 * Failure, which also stops the loop. Cancelling that Deferred stops the loop, cancels an
 * iteration's Deferred still in progress, and fails with {@link CancelledException}.
 *
 * <p>Thread rule: the scheduler's thread only (the reactor thread for a {@link Reactor}); no
 * locks.
 */
public final class LoopingCall {
  private static final System.Logger LOG = System.getLogger(LoopingCall.class.getName());

  private final Scheduler clock;
  private final Callable<?> fn;
  private boolean running;
  /** True while the function runs or its Deferred is pending. */
  private boolean busy;
  private Deferred<?> inFlight;
  private DelayedCall call;
  private Deferred<LoopingCall> stopped;
  private Duration interval;
  private long intervalNanos;
  private long startTime;

  /**
   * A loop over {@code fn}, which may return a Deferred to wait for (any other result is ignored)
   * and may throw to stop the loop with a Failure.
   *
   * @param clock the clock the calls are timed on
   * @param fn the function to call each interval
   */
  public LoopingCall(Scheduler clock, Callable<?> fn) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fn = Objects.requireNonNull(fn, "fn");
  }

  /**
   * A loop over a function with no result; an exception it throws stops the loop.
   *
   * @param clock the clock the calls are timed on
   * @param fn the function to call each interval
   */
  public LoopingCall(Scheduler clock, Runnable fn) {
    this(clock, callable(fn));
  }

  private static Callable<?> callable(Runnable fn) {
    Objects.requireNonNull(fn, "fn");
    return () -> {
      fn.run();
      return null;
    };
  }

  /**
   * Starts calling the function every {@code interval}; with {@code now} the first call happens
   * before this method returns, otherwise one interval from now. An interval of zero calls the
   * function again as soon as the clock runs its zero-delay calls.
   *
   * @param interval the time between calls, zero or positive
   * @param now whether the first call happens at once rather than one interval from now
   *
   * @return a Deferred that fires with this LoopingCall when stopped, or fails when the function
   *     does
   * @throws IllegalStateException if the loop is running, or a stopped loop's last iteration is
   *     still in progress
   * @throws IllegalArgumentException if {@code interval} is negative
   */
  public Deferred<LoopingCall> start(Duration interval, boolean now) {
    return startLoop(interval, now);
  }

  /**
   * {@link #start(Duration, boolean)} with {@code now} true, Twisted's default: the first call
   * happens before this method returns.
   *
   * @param interval the time between calls, zero or positive
   * @return a Deferred that fires with this LoopingCall when stopped, or fails when the function
   *     does
   * @throws IllegalStateException if the loop is running, or a stopped loop's last iteration is
   *     still in progress
   * @throws IllegalArgumentException if {@code interval} is negative
   */
  public Deferred<LoopingCall> start(Duration interval) {
    return startLoop(interval, true);
  }

  /**
   * {@link #start(Duration)} with the interval in seconds, as Twisted's {@code lc.start(1.5)}
   * ({@code now} true); rounded to the nanosecond.
   *
   * @param intervalSeconds the time between calls in seconds, zero or positive
   * @return a Deferred that fires with this LoopingCall when stopped, or fails when the function
   *     does
   * @throws IllegalStateException if the loop is running, or a stopped loop's last iteration is
   *     still in progress
   * @throws IllegalArgumentException if the interval is negative or not a number
   */
  public Deferred<LoopingCall> start(double intervalSeconds) {
    return startLoop(Scheduler.secondsToDuration(intervalSeconds, "interval"), true);
  }

  private Deferred<LoopingCall> startLoop(Duration interval, boolean now) {
    if (running) {
      throw new IllegalStateException("LoopingCall is already running");
    }
    if (busy) {
      throw new IllegalStateException(
          "LoopingCall was stopped but its last iteration is still in progress");
    }
    long nanos = Durations.nonNegativeNanos(interval, "interval");
    running = true;
    this.interval = interval;
    intervalNanos = nanos;
    Deferred<LoopingCall> d = new Deferred<>(this::cancelled);
    stopped = d;
    startTime = clock.nanoTime();
    if (now) {
      iterate();
    } else {
      scheduleFrom(startTime);
    }
    return d;
  }

  /**
   * Stops the loop: no further call happens. The Deferred from {@link #start} fires now, or, when
   * an iteration's Deferred is in progress, once it fires.
   *
   * @throws IllegalStateException if the loop is not running
   */
  public void stop() {
    if (!running) {
      throw new IllegalStateException("LoopingCall is not running");
    }
    running = false;
    if (call != null) {
      call.cancel();
      call = null;
      fireStopped();
    }
  }

  /**
   * Skips the next iteration and restarts the interval count from now: the next call is one
   * interval from now. Does nothing while an iteration is in progress.
   *
   * @throws IllegalStateException if the loop is not running
   */
  public void reset() {
    if (!running) {
      throw new IllegalStateException("LoopingCall is not running");
    }
    if (call != null) {
      call.cancel();
      call = null;
      startTime = clock.nanoTime();
      scheduleFrom(startTime);
    }
  }

  /**
   * True from {@link #start} until {@link #stop} or a failure.
   *
   * @return whether the loop is running
   */
  public boolean isRunning() {
    return running;
  }

  /**
   * The interval given to the last {@link #start}, or null if never started.
   *
   * @return the last interval, or null
   */
  public Duration interval() {
    return interval;
  }

  private void iterate() {
    call = null;
    busy = true;
    Deferred<Object> d = Deferred.maybeDeferred(fn::call);
    if (!d.isCalled() || d.isPaused()) {
      inFlight = d;
    }
    d.addCallbacks(
        ignored -> {
          iterationDone();
          if (running) {
            scheduleFrom(clock.nanoTime());
          } else {
            fireStopped();
          }
          return null;
        },
        failure -> {
          iterationDone();
          running = false;
          Deferred<LoopingCall> s = stopped;
          stopped = null;
          if (s != null) {
            s.errback(failure);
          } else if (failure.check(CancelledException.class) == null) {
            LOG.log(
                System.Logger.Level.WARNING,
                "LoopingCall iteration failed after its Deferred was cancelled",
                failure.value());
          }
          return null;
        });
  }

  private void iterationDone() {
    busy = false;
    inFlight = null;
  }

  private void fireStopped() {
    Deferred<LoopingCall> s = stopped;
    stopped = null;
    if (s != null) {
      s.callback(this);
    }
  }

  /** Canceller of the start() Deferred: stop everything; the Deferred then fails as cancelled. */
  private void cancelled(Deferred<LoopingCall> d) {
    running = false;
    stopped = null;
    if (call != null) {
      call.cancel();
      call = null;
    }
    Deferred<?> pending = inFlight;
    if (pending != null) {
      pending.cancel();
    }
  }

  /** Schedules the next call at the first interval boundary strictly after {@code when}. */
  private void scheduleFrom(long when) {
    long delay;
    if (intervalNanos == 0) {
      delay = 0;
    } else {
      long runningFor = when - startTime;
      delay = intervalNanos - Math.floorMod(runningFor, intervalNanos);
    }
    call = clock.callLater(Duration.ofNanos(delay), this::iterate);
  }

  @Override
  public String toString() {
    return "LoopingCall{interval="
        + interval
        + (running ? ", running" : "")
        + ", "
        + fn
        + "}";
  }
}
