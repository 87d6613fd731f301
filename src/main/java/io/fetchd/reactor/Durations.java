package io.fetchd.reactor;

import java.time.Duration;
import java.util.Objects;

/** Argument checks for the durations the reactor package takes. */
final class Durations {
  private Durations() {}

  /** {@code d} in nanoseconds, refusing null and negative values with the rule in the message. */
  static long nonNegativeNanos(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + d);
    }
    return d.toNanos();
  }
}
