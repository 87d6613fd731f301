package io.fetchd.api.route;

import java.time.Duration;

/**
 * The most a client may ask for in a batch's {@code options}. A request over a ceiling gets 400
 * naming the field and the ceiling. Immutable.
 *
 * @param maxTimeout ceiling of {@code timeoutMs} (the per-URL deadline); default 120 s
 * @param maxConnectTimeout ceiling of {@code connectTimeoutMs}; default 30 s
 * @param maxRedirects ceiling of {@code maxRedirects}; default 10
 * @param maxBodyBytes ceiling of {@code maxBodyBytes}; default 50 MiB
 * @param maxRetries ceiling of {@code retries}; default 5
 * @param maxHeaders ceiling of the number of {@code headers}; default 32
 */
public record RequestCeilings(
    Duration maxTimeout,
    Duration maxConnectTimeout,
    int maxRedirects,
    long maxBodyBytes,
    int maxRetries,
    int maxHeaders) {

  public static final RequestCeilings DEFAULTS =
      new RequestCeilings(Duration.ofSeconds(120), Duration.ofSeconds(30), 10, 50L * 1024 * 1024, 5, 32);

  public RequestCeilings {
    if (maxTimeout.isNegative() || maxTimeout.isZero()) {
      throw new IllegalArgumentException("maxTimeout must be positive, got " + maxTimeout);
    }
    if (maxConnectTimeout.isNegative() || maxConnectTimeout.isZero()) {
      throw new IllegalArgumentException("maxConnectTimeout must be positive, got " + maxConnectTimeout);
    }
    if (maxRedirects < 0 || maxRedirects > 20) {
      throw new IllegalArgumentException("maxRedirects must be between 0 and 20, got " + maxRedirects);
    }
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must not be negative, got " + maxBodyBytes);
    }
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("maxRetries must be between 0 and 10, got " + maxRetries);
    }
    if (maxHeaders < 0) {
      throw new IllegalArgumentException("maxHeaders must not be negative, got " + maxHeaders);
    }
  }
}
