package io.fetchd.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * When a failed attempt is tried again. Off by default ({@code maxRetries} 0). Only idempotent
 * methods are retried (GET and HEAD both are), only on connect failures, resets before any
 * response byte, and the statuses in {@code retryStatuses}; always inside the fetch's deadline.
 *
 * <p>The delay before retry n (1-based) is a random value in [0, min(maxDelay, baseDelay *
 * 2^(n-1))] ("full jitter"), or the server's {@code Retry-After} when it gives one, capped at
 * {@code retryAfterCap}.
 *
 * @param maxRetries retries after the first attempt; default 0, at most 10
 * @param baseDelay backoff base; default 200 ms
 * @param maxDelay backoff ceiling; default 5 s
 * @param retryAfterCap the longest {@code Retry-After} honoured; a longer one ends the retries;
 *     default 10 s
 * @param retryStatuses statuses that are retried; default 429, 502, 503, 504
 */
public record RetryPolicy(
    int maxRetries,
    Duration baseDelay,
    Duration maxDelay,
    Duration retryAfterCap,
    Set<Integer> retryStatuses) {

  /** No retries: the default. */
  public static final RetryPolicy NONE =
      new RetryPolicy(
          0,
          Duration.ofMillis(200),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Set.of(429, 502, 503, 504));

  /**
   * Checks the components.
   *
   * @param maxRetries retries after the first attempt
   * @param baseDelay backoff base
   * @param maxDelay backoff ceiling
   * @param retryAfterCap the longest {@code Retry-After} honoured
   * @param retryStatuses statuses that are retried
   */
  public RetryPolicy {
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("retries must be between 0 and 10, got " + maxRetries);
    }
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(retryAfterCap, "retryAfterCap");
    if (baseDelay.isNegative() || maxDelay.isNegative() || retryAfterCap.isNegative()) {
      throw new IllegalArgumentException("retry delays must not be negative");
    }
    retryStatuses = Set.copyOf(retryStatuses);
  }

  /**
   * A copy with {@code maxRetries} replaced.
   *
   * @param n the new {@code maxRetries}
   * @return a copy of this RetryPolicy
   */
  public RetryPolicy withMaxRetries(int n) {
    return new RetryPolicy(n, baseDelay, maxDelay, retryAfterCap, retryStatuses);
  }

  /**
   * A copy with {@code baseDelay} replaced.
   *
   * @param d the new {@code baseDelay}
   * @return a copy of this RetryPolicy
   */
  public RetryPolicy withBaseDelay(Duration d) {
    return new RetryPolicy(maxRetries, d, maxDelay, retryAfterCap, retryStatuses);
  }

  /**
   * A copy with {@code maxDelay} replaced.
   *
   * @param d the new {@code maxDelay}
   * @return a copy of this RetryPolicy
   */
  public RetryPolicy withMaxDelay(Duration d) {
    return new RetryPolicy(maxRetries, baseDelay, d, retryAfterCap, retryStatuses);
  }
}
