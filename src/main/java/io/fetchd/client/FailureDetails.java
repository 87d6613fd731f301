package io.fetchd.client;

import java.time.Duration;
import java.util.List;

/**
 * What a failed fetch had done, so that retries and redirects never hide a failure.
 *
 * @param url the URL asked for (userinfo removed), or the raw input when it did not parse
 * @param lastUrl the URL of the hop that failed
 * @param attempts attempts made for that hop
 * @param attemptLatencies each of those attempts' durations
 * @param hops the hops completed before the failure (redirects followed)
 * @param timings the failing attempt's phases so far ({@link Timings#total()} spans the fetch)
 */
public record FailureDetails(
    String url,
    String lastUrl,
    int attempts,
    List<Duration> attemptLatencies,
    List<Hop> hops,
    Timings timings) {
  /**
   * Checks the components.
   *
   * @param url the URL asked for (userinfo removed), or the raw input when it did not parse
   * @param lastUrl the URL of the hop that failed
   * @param attempts attempts made for that hop
   * @param attemptLatencies each of those attempts' durations
   * @param hops the hops completed before the failure (redirects followed)
   * @param timings the failing attempt's phases so far ({@link Timings#total()} spans the fetch)
   */
  public FailureDetails {
    attemptLatencies = List.copyOf(attemptLatencies);
    hops = List.copyOf(hops);
  }
}
