package io.fetchd.defer;

import java.time.Duration;

/** The Failure of a Deferred cancelled by {@link Deferred#addTimeout} when its time ran out. */
public final class TimedOutException extends Exception {
  private final Duration timeout;

  public TimedOutException(Duration timeout) {
    super("Deferred timed out after " + timeout.toMillis() + " ms");
    this.timeout = timeout;
  }

  /** The timeout that expired. */
  public Duration timeout() {
    return timeout;
  }
}
