package io.fetchd.client.redirect;

import io.fetchd.client.FetchException;
import io.fetchd.client.FetchMethod;
import io.fetchd.client.InvalidUrlException;
import io.fetchd.client.ProtocolErrorException;
import io.fetchd.client.RedirectLoopException;
import io.fetchd.client.TooManyRedirectsException;
import io.fetchd.client.url.FetchUrl;
import java.util.Set;

/**
 * Decides whether a response is followed as a redirect. Pure: no I/O, no clock; any thread.
 *
 * <p>Follows 301, 302, 303, 307 and 308 when following is on. 303 turns the next request into a
 * GET; the others keep the method. A hop to a URL already visited in the same fetch is a loop; a
 * hop past {@code maxRedirects} is too many. Credentials are dropped when the next hop changes
 * origin or goes from https to http. The address policy is not decided here: the fetcher checks
 * every hop's destination again before connecting.
 */
public final class RedirectDecider {
  private RedirectDecider() {}

  /**
   * True for the statuses that may be followed.
   *
   * @param status the response status
   * @return whether it is a redirect that may be followed
   */
  public static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * @param status the response status
   * @param location the {@code Location} header, or null
   * @param current the URL that answered
   * @param method the method that was sent
   * @param follow whether redirects are followed at all
   * @param redirectsSoFar redirects already followed in this fetch
   * @param maxRedirects the most redirects allowed
   * @param visited every URL requested so far in this fetch
   * @return the decision: {@link RedirectDecision#FINAL} or where to go next
   * @throws FetchException when the redirect cannot be followed: {@link TooManyRedirectsException},
   *     {@link RedirectLoopException}, or the {@code Location}'s own parse error
   */
  public static RedirectDecision decide(
      int status,
      String location,
      FetchUrl current,
      FetchMethod method,
      boolean follow,
      int redirectsSoFar,
      int maxRedirects,
      Set<FetchUrl> visited)
      throws FetchException {
    if (!follow || !isRedirect(status)) {
      return RedirectDecision.FINAL;
    }
    if (location == null || location.isBlank()) {
      throw new ProtocolErrorException("redirect status " + status + " without a Location header");
    }
    FetchUrl next;
    try {
      next = current.resolve(location.trim());
    } catch (InvalidUrlException e) {
      throw new InvalidUrlException("redirect Location is invalid: " + e.getMessage(), e);
    }
    if (redirectsSoFar >= maxRedirects) {
      throw new TooManyRedirectsException(
          "more than " + maxRedirects + " redirects (next: " + next.redacted() + ")");
    }
    if (visited.contains(next)) {
      throw new RedirectLoopException("redirect loop: " + next.redacted() + " was already visited");
    }
    // 303 always turns into a GET; 301 and 302 turn a method other than GET and HEAD into a GET,
    // as browsers and Go's client do.
    boolean toGet = status == 303
        || ((status == 301 || status == 302) && method != FetchMethod.GET && method != FetchMethod.HEAD);
    FetchMethod nextMethod = toGet ? FetchMethod.GET : method;
    boolean drop =
        !next.origin().equals(current.origin()) || (current.isHttps() && !next.isHttps());
    return new RedirectDecision(next, nextMethod, drop);
  }
}
