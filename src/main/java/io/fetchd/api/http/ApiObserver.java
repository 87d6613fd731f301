package io.fetchd.api.http;

import java.time.Duration;

/**
 * Told about every request the REST server answers, so request metrics can plug in without the
 * api package knowing about them (the app adapts this to the metrics package).
 *
 * <p>Events come in a fixed order per request: at most one {@link #requestRejected} (as soon as
 * the refusal is decided), then exactly one {@link #requestCompleted} (once the last byte is
 * written, or the response is abandoned). Requests queued behind a pipelined one and dropped
 * when the connection closes are never dispatched and report nothing.
 *
 * <p>Rules for implementations, as for any listener on the loop: called on the reactor thread;
 * must be fast, must not block or take locks held elsewhere, and must not throw (an exception is
 * logged and otherwise ignored).
 */
public interface ApiObserver {
  /** The {@code routeTemplate} of a request whose path no route matches (404s, malformed requests). */
  String UNMATCHED = "unmatched";

  /** The {@code status} of a request whose client went away before any response began. */
  int NO_RESPONSE = 0;

  /** {@link #requestRejected} reason: the engine is too busy or draining (503 {@code Overloaded}). */
  String OVERLOAD = "overload";

  /** {@link #requestRejected} reason: a bearer token was needed and missing or wrong (401). */
  String AUTH = "auth";

  /** {@link #requestRejected} reason: a malformed or oversized request (400, 413, 414, 415, 431). */
  String BAD_INPUT = "bad_input";

  /** An observer that ignores everything. */
  ApiObserver NONE =
      new ApiObserver() {
        @Override
        public void requestCompleted(String routeTemplate, String method, int status, Duration elapsed) {}

        @Override
        public void requestRejected(String reason) {}
      };

  /**
   * A request has been answered.
   *
   * @param routeTemplate the matched route's template ({@code /v1/fetch}, {@code /v1/batches},
   *     {@code /v1/batches/{id}}, {@code /healthz}, {@code /readyz}, an extra route's path), or
   *     {@link #UNMATCHED}; never the raw path, so the set of values is bounded
   * @param method the request method as received ({@code HEAD} stays {@code HEAD}); {@code OTHER}
   *     when the request could not be decoded (then the route is {@link #UNMATCHED})
   * @param status the status sent, or {@link #NO_RESPONSE}
   * @param elapsed from the request's dispatch to the last byte written (for a streamed response,
   *     the end of the stream), or to the moment the response was abandoned
   */
  void requestCompleted(String routeTemplate, String method, int status, Duration elapsed);

  /**
   * A request was refused before any work: {@link #OVERLOAD}, {@link #AUTH} or {@link
   * #BAD_INPUT}. Followed by that request's {@link #requestCompleted}.
   */
  void requestRejected(String reason);
}
