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
  /** Monotonic current time in nanoseconds (arbitrary origin), the clock delays count on. */
  long nanoTime();

  /**
   * Runs {@code task} once, after {@code delay} (zero or positive), on the scheduler's thread.
   *
   * @throws IllegalArgumentException if the delay is negative
   */
  DelayedCall callLater(Duration delay, Runnable task);
}
