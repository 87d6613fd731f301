package io.fetchd.api.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the REST front end listens and what it accepts. Immutable; invalid values fail at
 * construction with the rule in the message.
 *
 * @param host the address to bind; default {@code 127.0.0.1} (the container image binds 0.0.0.0)
 * @param port the port; 0 picks a free one; default 8080
 * @param maxRequestBodyBytes the largest request body read; larger gets 413 and the connection is
 *     closed; default 1 MiB
 * @param maxInitialLineLength the longest request line; longer gets 414; default 8 KiB
 * @param maxHeaderSize the largest request head; larger gets 431; default 16 KiB
 * @param readTimeout a client that sends nothing for this long while a request is incomplete (or
 *     while idle between requests) is disconnected; default 30 s
 * @param authTokens bearer tokens accepted on {@code /v1}; empty turns auth off; default empty
 * @param protectHealthAndMetrics whether {@code /healthz}, {@code /readyz} and {@code /metrics}
 *     need a token too; default false
 * @param drainTimeout on shutdown, how long running batches may finish before the rest is
 *     cancelled; default 20 s
 * @param requestTimeout the most a whole request (head and body) may take to arrive, from its
 *     first byte; past it the client gets 408 {@code RequestTimeout} and the connection is closed.
 *     Unlike {@code readTimeout} it does not restart when a byte arrives; default 30 s
 * @param minRequestBodyBytesPerSecond after a 5 s grace from a request's first byte, the least
 *     average rate it must arrive at (408 below); 0 turns the rule off; default 1024
 * @param maxConnections the most client connections open at once; at the cap new ones get a
 *     canned 503 {@code Overloaded} and are closed, and from 90 % of it idle keep-alive connections
 *     are closed, longest idle first; 0 derives it from the process's file-descriptor limit:
 *     {@code min(10000, fds - min(1152, fds / 2))}; default 0
 */
public record ApiOptions(
    String host,
    int port,
    int maxRequestBodyBytes,
    int maxInitialLineLength,
    int maxHeaderSize,
    Duration readTimeout,
    List<String> authTokens,
    boolean protectHealthAndMetrics,
    Duration drainTimeout,
    Duration requestTimeout,
    int minRequestBodyBytesPerSecond,
    int maxConnections) {

  /** Default of {@link #requestTimeout()}: 30 s. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** Default of {@link #minRequestBodyBytesPerSecond()}: 1024 bytes per second. */
  public static final int DEFAULT_MIN_REQUEST_BODY_BYTES_PER_SECOND = 1024;

  public static final ApiOptions DEFAULTS =
      new ApiOptions(
          "127.0.0.1", 8080, 1024 * 1024, 8192, 16 * 1024, Duration.ofSeconds(30), List.of(), false,
          Duration.ofSeconds(20));

  /** Options with the default {@code requestTimeout}, {@code minRequestBodyBytesPerSecond} and {@code maxConnections}. */
  public ApiOptions(
      String host,
      int port,
      int maxRequestBodyBytes,
      int maxInitialLineLength,
      int maxHeaderSize,
      Duration readTimeout,
      List<String> authTokens,
      boolean protectHealthAndMetrics,
      Duration drainTimeout) {
    this(host, port, maxRequestBodyBytes, maxInitialLineLength, maxHeaderSize, readTimeout, authTokens,
        protectHealthAndMetrics, drainTimeout, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MIN_REQUEST_BODY_BYTES_PER_SECOND, 0);
  }

  public ApiOptions {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    positive("maxRequestBodyBytes", maxRequestBodyBytes);
    positive("maxInitialLineLength", maxInitialLineLength);
    positive("maxHeaderSize", maxHeaderSize);
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("readTimeout must be positive, got " + readTimeout);
    }
    authTokens = List.copyOf(authTokens);
    for (String t : authTokens) {
      if (t.isBlank()) {
        throw new IllegalArgumentException("authTokens must not contain a blank token");
      }
    }
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout must not be negative, got " + drainTimeout);
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
    if (minRequestBodyBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "minRequestBodyBytesPerSecond must not be negative, got " + minRequestBodyBytesPerSecond);
    }
    if (maxConnections < 0) {
      throw new IllegalArgumentException("maxConnections must not be negative (0: derived), got " + maxConnections);
    }
  }

  /** {@link #maxConnections()}, with 0 resolved from this process's file-descriptor limit. */
  public int effectiveMaxConnections() {
    return maxConnections > 0 ? maxConnections : ConnectionLimiter.defaultMax(ConnectionLimiter.processMaxFds());
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }

  public ApiOptions withHost(String h) {
    return new ApiOptions(h, port, maxRequestBodyBytes, maxInitialLineLength, maxHeaderSize, readTimeout, authTokens, protectHealthAndMetrics, drainTimeout, requestTimeout, minRequestBodyBytesPerSecond, maxConnections);
  }

  public ApiOptions withPort(int p) {
    return new ApiOptions(host, p, maxRequestBodyBytes, maxInitialLineLength, maxHeaderSize, readTimeout, authTokens, protectHealthAndMetrics, drainTimeout, requestTimeout, minRequestBodyBytesPerSecond, maxConnections);
  }

  public ApiOptions withMaxRequestBodyBytes(int n) {
    return new ApiOptions(host, port, n, maxInitialLineLength, maxHeaderSize, readTimeout, authTokens, protectHealthAndMetrics, drainTimeout, requestTimeout, minRequestBodyBytesPerSecond, maxConnections);
  }

  public ApiOptions withReadTimeout(Duration d) {
    return new ApiOptions(host, port, maxRequestBodyBytes, maxInitialLineLength, maxHeaderSize, d, authTokens, protectHealthAndMetrics, drainTimeout, requestTimeout, minRequestBodyBytesPerSecond, maxConnections);
  }

  public ApiOptions withAuthTokens(List<String> t) {
    return new ApiOptions(host, port, maxRequestBodyBytes, maxInitialLineLength, maxHeaderSize, readTimeout, t, protectHealthAndMetrics, drainTimeout, requestTimeout, minRequestBodyBytesPerSecond, maxConnections);
  }

  public ApiOptions withDrainTimeout(Duration d) {
    return new ApiOptions(host, port, maxRequestBodyBytes, maxInitialLineLength, maxHeaderSize, readTimeout, authTokens, protectHealthAndMetrics, d, requestTimeout, minRequestBodyBytesPerSecond, maxConnections);
  }

  public ApiOptions withRequestTimeout(Duration d) {
    return new ApiOptions(host, port, maxRequestBodyBytes, maxInitialLineLength, maxHeaderSize, readTimeout, authTokens, protectHealthAndMetrics, drainTimeout, d, minRequestBodyBytesPerSecond, maxConnections);
  }

  public ApiOptions withMinRequestBodyBytesPerSecond(int n) {
    return new ApiOptions(host, port, maxRequestBodyBytes, maxInitialLineLength, maxHeaderSize, readTimeout, authTokens, protectHealthAndMetrics, drainTimeout, requestTimeout, n, maxConnections);
  }

  public ApiOptions withMaxConnections(int n) {
    return new ApiOptions(host, port, maxRequestBodyBytes, maxInitialLineLength, maxHeaderSize, readTimeout, authTokens, protectHealthAndMetrics, drainTimeout, requestTimeout, minRequestBodyBytesPerSecond, n);
  }
}
