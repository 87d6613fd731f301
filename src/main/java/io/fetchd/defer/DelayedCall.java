package io.fetchd.defer;

import java.time.Duration;

/**
 * A call scheduled by {@link Scheduler#callLater}: Twisted's {@code IDelayedCall}. Same thread
 * rule as the scheduler that made it.
 */
public interface DelayedCall {
  /** When the call will run, in the scheduler's {@link Scheduler#nanoTime()} terms. */
  long time();

  /** True until the call has run or been cancelled. */
  boolean isActive();

  /**
   * Stops the call from running.
   *
   * @throws IllegalStateException if it already ran or was cancelled (as Twisted does)
   */
  void cancel();

  /**
   * Reschedules the call to run {@code delay} from now.
   *
   * @throws IllegalStateException if it already ran or was cancelled
   */
  void reset(Duration delay);

  /**
   * Pushes the call back by {@code by} from its current time.
   *
   * @throws IllegalStateException if it already ran or was cancelled
   */
  void delay(Duration by);
}
