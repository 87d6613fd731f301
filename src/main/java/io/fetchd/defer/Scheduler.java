package io.fetchd.defer;

import java.time.Duration;

/**
 * A clock that can run code later: Twisted's {@code IReactorTime}. Implemented by the Netty-backed
 * reactor and by the fake clock used in tests, so every time-based behaviour takes its clock as a
 * parameter and is tested without sleeping.
 *
 * <p>Thread rule: implementations say which threads may call them; the reactor's own thread may
 * always call them.
 */
public interface Scheduler {
  /**
   * Monotonic current time in nanoseconds (arbitrary origin), the clock delays count on.
   *
   * @return the current time in nanoseconds
   */
  long nanoTime();

  /**
   * The current time in seconds, on the same clock as {@link #nanoTime()}: Twisted's
   * {@code seconds()}.
   *
   * @return the current time in seconds (arbitrary origin)
   */
  default double seconds() {
    return nanoTime() / 1e9;
  }

  /**
   * Runs {@code task} once, after {@code delay} (zero or positive), on the scheduler's thread.
   *
   * @param delay how long from now
   * @param task what to run
   * @return the scheduled call, to cancel, reset or delay it
   * @throws IllegalArgumentException if the delay is negative
   */
  DelayedCall callLater(Duration delay, Runnable task);

  /**
   * As {@link #callLater(Duration, Runnable)} with the delay in seconds, as Twisted's
   * {@code callLater(1.5, f)}; rounded to the nanosecond.
   *
   * @param delaySeconds how many seconds from now (zero or positive)
   * @param task what to run
   * @return the scheduled call
   * @throws IllegalArgumentException if the delay is negative or not a number
   */
  default DelayedCall callLater(double delaySeconds, Runnable task) {
    return callLater(secondsToDuration(delaySeconds, "delay"), task);
  }

  /**
   * {@code seconds} as a Duration rounded to the nanosecond, for the seconds overloads.
   *
   * @param seconds zero or positive, finite
   * @param name the argument's name, for the message
   * @return the Duration
   * @throws IllegalArgumentException if {@code seconds} is negative, infinite or NaN
   */
  static Duration secondsToDuration(double seconds, String name) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException(name + " must be a finite number of seconds >= 0, was " + seconds);
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
