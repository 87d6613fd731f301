package io.fetchd.defer;

import java.time.Duration;

/** The Failure of a Deferred cancelled by {@link Deferred#addTimeout} when its time ran out. */
public final class TimedOutException extends Exception {
  /** The timeout that expired. */
  private final Duration timeout;

  /**
   * A timeout that expired.
   *
   * @param timeout how long the Deferred was given
   */
  public TimedOutException(Duration timeout) {
    super("Deferred timed out after " + timeout.toMillis() + " ms");
    this.timeout = timeout;
  }

  /**
   * The timeout that expired.
   *
   * @return how long the Deferred was given
   */
  public Duration timeout() {
    return timeout;
  }
}
