package io.fetchd.reactor;

import io.fetchd.defer.CancelledException;
import io.fetchd.defer.DelayedCall;
import io.fetchd.defer.Deferred;
import io.fetchd.defer.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Deferreds that fire after a delay on a given clock: Twisted's {@code task.deferLater}. The clock
 * is always a parameter, so code using these runs on a {@link FakeClock} in tests.
 *
 * <p>Thread rule: the scheduler's thread (the reactor thread for a {@link Reactor}).
 */
public final class DeferLater {
  private DeferLater() {}

  /**
   * A Deferred that fires with {@code fn}'s result {@code delay} from now on {@code clock}; if
   * {@code fn} throws, the Deferred fails with that exception. If {@code fn} returns a Deferred at
   * run time, the chain waits for it (see {@link #deferLaterAsync} for the typed form).
   *
   * <p>Cancelling the Deferred before the delay is up cancels the timer, so {@code fn} never
   * runs, and the Deferred fails with {@link CancelledException}.
   *
   * @param clock the clock to wait on
   * @param delay how long from now (zero or positive)
   * @param fn what to call then; its result is the Deferred's
   * @param <T> the result type
   * @return a Deferred of {@code fn}'s result
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static <T> Deferred<T> deferLater(Scheduler clock, Duration delay, Callable<T> fn) {
    Objects.requireNonNull(fn, "fn");
    return timer(clock, delay).addCallback(ignored -> fn.call());
  }

  /**
   * As {@link #deferLater(Scheduler, Duration, Callable)} with the delay in seconds, as Twisted's
   * {@code task.deferLater(reactor, 1.5, f)}; rounded to the nanosecond.
   *
   * @param clock the clock to wait on
   * @param delaySeconds how many seconds from now (zero or positive)
   * @param fn what to call then; its result is the Deferred's
   * @param <T> the result type
   * @return a Deferred of {@code fn}'s result
   * @throws IllegalArgumentException if the delay is negative or not a number
   */
  public static <T> Deferred<T> deferLater(Scheduler clock, double delaySeconds, Callable<T> fn) {
    return deferLater(clock, Scheduler.secondsToDuration(delaySeconds, "delay"), fn);
  }

  /**
   * A Deferred that fires with null {@code delay} from now; cancelling it cancels the timer.
   *
   * @param clock the clock to wait on
   * @param delay how long from now (zero or positive)
   * @return a Deferred that fires with null then
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static Deferred<Void> deferLater(Scheduler clock, Duration delay) {
    return timer(clock, delay);
  }

  /**
   * As {@link #deferLater(Scheduler, Duration, Callable)} for a {@code fn} that returns a Deferred:
   * the result fires with that Deferred's result. Cancelling after {@code fn} ran cancels the
   * Deferred {@code fn} returned.
   *
   * @param clock the clock to wait on
   * @param delay how long from now (zero or positive)
   * @param fn what to call then; the Deferred it returns is waited on
   * @param <T> the result type
   * @return a Deferred of the result of {@code fn}'s Deferred
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static <T> Deferred<T> deferLaterAsync(
      Scheduler clock, Duration delay, Callable<? extends Deferred<T>> fn) {
    Objects.requireNonNull(fn, "fn");
    return timer(clock, delay).addCallbackDeferred(ignored -> fn.call());
  }

  private static Deferred<Void> timer(Scheduler clock, Duration delay) {
    Objects.requireNonNull(clock, "clock");
    Durations.nonNegativeNanos(delay, "delay");
    DelayedCall[] call = new DelayedCall[1];
    Deferred<Void> d =
        new Deferred<>(
            cancelled -> {
              if (call[0].isActive()) {
                call[0].cancel();
              }
            });
    call[0] = clock.callLater(delay, () -> d.callback(null));
    return d;
  }
}
