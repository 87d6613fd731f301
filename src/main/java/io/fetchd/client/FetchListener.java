package io.fetchd.client;

import java.time.Duration;

/**
 * Observes fetches, for metrics and logs, without the client knowing who listens. All methods are
 * called on the reactor thread; implementations must be fast, take no locks, and never throw (an
 * exception is caught and logged, never allowed to disturb the fetch). Every method has a no-op
 * default.
 */
public interface FetchListener {
  FetchListener NONE = new FetchListener() {};

  /** A phase happened: {@code queue}, {@code dns}, {@code connect}, {@code tls}, {@code ttfb}, {@code transfer}. */
  default void phase(String phase, Duration duration) {}

  /** A fetch ended with a final response (2xx or not). */
  default void succeeded(FetchRequest request, FetchResult result) {}

  /** A fetch ended without a final 2xx response. {@code result} is null unless a response came. */
  default void failed(FetchRequest request, FetchException error, Duration total, FetchResult result) {}

  /** A redirect is being followed. */
  default void redirected(int status) {}

  /** A failed attempt is being retried after {@code delay}. */
  default void retrying(String reason, Duration delay) {}

  /** The address policy refused a destination for {@code reason} (lower_snake_case). */
  default void blocked(String reason) {}

  /** A name lookup was answered from the cache ({@code hit}) or went to DNS. */
  default void dnsLookup(boolean hit) {}
}
