package io.fetchd.defer;

import java.time.Duration;

/**
 * A call scheduled by {@link Scheduler#callLater}: Twisted's {@code IDelayedCall}. Same thread
 * rule as the scheduler that made it.
 */
public interface DelayedCall {
  /**
   * When the call will run, in the scheduler's {@link Scheduler#nanoTime()} terms.
   *
   * @return the scheduled time in nanoseconds
   */
  long time();

  /**
   * When the call will run, in seconds on the scheduler's clock: Twisted's {@code getTime()}.
   *
   * @return {@link #time()} in seconds
   */
  default double getTime() {
    return time() / 1e9;
  }

  /**
   * When the call will run, as a Duration since the scheduler's time origin (for a
   * {@code FakeClock}, since it was made).
   *
   * @return {@link #time()} as a Duration
   */
  default Duration timeAsDuration() {
    return Duration.ofNanos(time());
  }

  /**
   * True until the call has run or been cancelled.
   *
   * @return whether the call is still pending
   */
  boolean isActive();

  /**
   * Stops the call from running.
   *
   * @throws IllegalStateException if it already ran or was cancelled (as Twisted does)
   */
  void cancel();

  /**
   * Reschedules the call to run {@code delay} from now. Unlike Twisted's {@code reset}, a
   * negative delay is refused, as it is for {@link Scheduler#callLater} (a reset is a new
   * {@code callLater} for the same call).
   *
   * @param delay zero or positive
   * @throws IllegalStateException if it already ran or was cancelled
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  void reset(Duration delay);

  /**
   * Moves the call by {@code by} from its current time, as Twisted's {@code delay}: a positive
   * amount pushes it back, a negative one brings it forward. A call brought forward to now or
   * earlier is due at once: it runs the next time the scheduler runs due calls (for a fake clock,
   * the next {@code advance}, even by zero), never inside this method.
   *
   * @param by the amount to move the call by, of either sign
   * @throws IllegalStateException if it already ran or was cancelled
   */
  void delay(Duration by);
}
