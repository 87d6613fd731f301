package io.fetchd.client.retry;

import io.fetchd.client.RetryPolicy;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Decides whether, and after how long, a failed attempt is tried again. Pure: the random source
 * and the current wall-clock time are parameters; any thread.
 */
public final class RetryDecider {
  private final RetryPolicy policy;
  private final RandomGenerator random;

  /**
   * A decider for {@code policy}.
   *
   * @param policy the retry policy
   * @param random the source of backoff jitter
   */
  public RetryDecider(RetryPolicy policy, RandomGenerator random) {
    this.policy = policy;
    this.random = random;
  }

  /**
   * The delay before retry number {@code retryNumber} (1 for the first retry), or empty when no
   * retry may be made.
   *
   * @param retryNumber the retry about to be made, 1-based
   * @param retryAfter the response's {@code Retry-After} header, or null
   * @param nowEpochMillis the current wall-clock time (for date-form {@code Retry-After})
   * @param remaining time left before the fetch's deadline
   * @return the delay, or empty for no retry
   */
  public Optional<Duration> delay(
      int retryNumber, String retryAfter, long nowEpochMillis, Duration remaining) {
    if (retryNumber > policy.maxRetries()) {
      return Optional.empty();
    }
    Duration delay;
    Optional<Duration> serverAsked = parseRetryAfter(retryAfter, nowEpochMillis);
    if (serverAsked.isPresent()) {
      if (serverAsked.get().compareTo(policy.retryAfterCap()) > 0) {
        return Optional.empty();
      }
      delay = serverAsked.get();
    } else {
      delay = backoff(retryNumber);
    }
    if (delay.compareTo(remaining) >= 0) {
      return Optional.empty();
    }
    return Optional.of(delay);
  }

  /** Full-jitter exponential backoff: uniform in [0, min(maxDelay, base * 2^(n-1))]. */
  Duration backoff(int retryNumber) {
    long base = policy.baseDelay().toNanos();
    long cap = policy.maxDelay().toNanos();
    int shift = Math.min(retryNumber - 1, 30);
    long ceiling = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
    if (ceiling <= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(random.nextLong(ceiling + 1));
  }

  /**
   * Whether {@code status} is one the policy retries.
   *
   * @param status a response status
   * @return whether it is retried
   */
  public boolean retriesStatus(int status) {
    return policy.maxRetries() > 0 && policy.retryStatuses().contains(status);
  }

  /**
   * Parses a {@code Retry-After} value: delta-seconds or an HTTP-date. Empty when absent or
   * malformed; a date in the past is zero.
   *
   * @param value the header's value, or null
   * @param nowEpochMillis the current wall-clock time
   * @return the delay, or empty
   */
  public static Optional<Duration> parseRetryAfter(String value, long nowEpochMillis) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (v.length() > 9) {
        return Optional.of(Duration.ofSeconds(999_999_999L));
      }
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return Optional.of(Duration.ofMillis(Math.max(0, at - nowEpochMillis)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
