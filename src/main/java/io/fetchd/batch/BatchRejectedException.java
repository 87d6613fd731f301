package io.fetchd.batch;

import java.time.Duration;

/**
 * Raised when the engine refuses a new batch: too many batches running, too many URLs queued, or
 * the service is draining. The client should try again after {@link #retryAfter()}.
 */
public final class BatchRejectedException extends Exception {
  private final String reason;
  private final Duration retryAfter;

  public BatchRejectedException(String reason, String message, Duration retryAfter) {
    super(message);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  /** A stable short reason: {@code too_many_batches}, {@code too_many_urls} or {@code draining}. */
  public String reason() {
    return reason;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
