package io.fetchd.client.redirect;

import io.fetchd.client.FetchMethod;
import io.fetchd.client.url.FetchUrl;

/**
 * What to do with a response: either it is final, or the fetch follows it to {@code next}.
 *
 * @param next the URL to request next, or null when the response is final
 * @param method the method of the next request
 * @param dropCredentials true when {@code Authorization} and {@code Cookie} must not be sent on
 *     the next request (cross-origin or https-to-http hop)
 */
public record RedirectDecision(FetchUrl next, FetchMethod method, boolean dropCredentials) {
  /** The decision for a final response. */
  public static final RedirectDecision FINAL = new RedirectDecision(null, null, false);

  /**
   * Whether the fetch goes on to {@code next}.
   *
   * @return whether to follow
   */
  public boolean follow() {
    return next != null;
  }
}
