package io.fetchd.client;

import java.time.Duration;

/**
 * Observes fetches, for metrics and logs, without the client knowing who listens. All methods are
 * called on the reactor thread; implementations must be fast, take no locks, and never throw (an
 * exception is caught and logged, never allowed to disturb the fetch). Every method has a no-op
 * default.
 */
public interface FetchListener {
  /** A listener that ignores everything. */
  FetchListener NONE = new FetchListener() {};

  /**
   * A phase happened: {@code queue}, {@code dns}, {@code connect}, {@code tls}, {@code ttfb}, {@code transfer}.
   *
   * @param phase the phase's name
   * @param duration how long it took
   */
  default void phase(String phase, Duration duration) {}

  /**
   * A fetch ended with a final response (2xx or not).
   *
   * @param request the request fetched
   * @param result its result
   */
  default void succeeded(FetchRequest request, FetchResult result) {}

  /**
   * A fetch ended without a final 2xx response. {@code result} is null unless a response came.
   *
   * @param request the request fetched
   * @param error why it failed
   * @param total how long the fetch took
   * @param result the final response, or null
   */
  default void failed(FetchRequest request, FetchException error, Duration total, FetchResult result) {}

  /**
   * A redirect is being followed.
   *
   * @param status the redirect's status code
   */
  default void redirected(int status) {}

  /**
   * A failed attempt is being retried after {@code delay}.
   *
   * @param reason why the attempt failed, as a short name
   * @param delay the backoff before the next attempt
   */
  default void retrying(String reason, Duration delay) {}

  /**
   * The address policy refused a destination for {@code reason} (lower_snake_case).
   *
   * @param reason the block reason's metric name
   */
  default void blocked(String reason) {}

  /**
   * A name lookup was answered from the cache ({@code hit}) or went to DNS.
   *
   * @param hit whether the cache answered
   */
  default void dnsLookup(boolean hit) {}
}
