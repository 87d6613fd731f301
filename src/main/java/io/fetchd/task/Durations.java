package io.fetchd.task;

import java.time.Duration;
import java.util.Objects;

/** Argument checks for the durations the time utilities (and the reactor) take. Any thread. */
public final class Durations {
  private Durations() {}

  /**
   * {@code d} in nanoseconds, refusing null and negative values with the rule in the message.
   *
   * @param d the duration to check
   * @param name the argument's name, for the message
   * @return {@code d} in nanoseconds
   * @throws IllegalArgumentException if {@code d} is negative
   * @throws NullPointerException if {@code d} is null
   */
  public static long nonNegativeNanos(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + d);
    }
    return d.toNanos();
  }
}
