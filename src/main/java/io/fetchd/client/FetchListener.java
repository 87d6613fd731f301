package io.fetchd.client;

import java.time.Duration;

/**
 * Observes fetches, for metrics and logs, without the client knowing who listens, in the spirit
 * of OkHttp's {@code EventListener}. All methods are called on the reactor thread; implementations
 * must be fast, take no locks, and never throw (an exception is caught and logged, never allowed
 * to disturb the fetch). Every method has a no-op default.
 *
 * <p>Phases come in pairs: each {@link #phaseStarted} is followed by exactly one {@link
 * #phaseEnded} (the phase completed) or {@link #phaseFailed} (the attempt failed or was cut short
 * during it), for the same request and phase; attempts, retries and redirects repeat the pairs.
 * The result's {@link Timings} are made from the same events. {@link Phase#TTFB} and {@link
 * Phase#TRANSFER} are measured by the exchange and reported, as a pair each, when the response is
 * complete. A fetch then ends with exactly one {@link #succeeded} or {@link #failed}.
 */
public interface FetchListener {
  /** A listener that ignores everything. */
  FetchListener NONE = new FetchListener() {};

  /**
   * A phase of an attempt of {@code request} began.
   *
   * @param request the request being fetched
   * @param phase the phase
   */
  default void phaseStarted(FetchRequest request, Phase phase) {}

  /**
   * A phase that {@link #phaseStarted} completed.
   *
   * @param request the request being fetched
   * @param phase the phase
   * @param duration how long it took
   */
  default void phaseEnded(FetchRequest request, Phase phase, Duration duration) {}

  /**
   * A phase that {@link #phaseStarted} did not complete: its attempt failed or was cut short
   * (cancel, deadline) during it.
   *
   * @param request the request being fetched
   * @param phase the phase
   * @param duration how long it ran
   */
  default void phaseFailed(FetchRequest request, Phase phase, Duration duration) {}

  /**
   * A fetch ended with a 2xx final response. A final response with any other status is a failure:
   * it goes to {@link #failed} as an {@link HttpStatusException}, with its result.
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
