package io.fetchd.api.http;

import java.time.Duration;

/**
 * The server's {@link ApiObserver}, shielded: an exception the observer throws is logged once per
 * call and goes no further, so a broken metrics hook never breaks a response.
 *
 * <p>Thread rule: reactor thread only (as the observer it wraps).
 */
final class GuardedObserver implements ApiObserver {
  private static final System.Logger LOG = System.getLogger(GuardedObserver.class.getName());

  private final ApiObserver delegate;

  GuardedObserver(ApiObserver delegate) {
    this.delegate = delegate;
  }

  @Override
  public void requestCompleted(String routeTemplate, String method, int status, Duration elapsed) {
    try {
      delegate.requestCompleted(routeTemplate, method, status, elapsed);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "ApiObserver.requestCompleted threw; ignored", e);
    }
  }

  @Override
  public void requestRejected(String reason) {
    try {
      delegate.requestRejected(reason);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "ApiObserver.requestRejected threw; ignored", e);
    }
  }

  /** Reports the refusal {@code e} stands for, if it is one. */
  void rejected(ApiException e) {
    String reason = e.type().rejectReason();
    if (reason != null) {
      requestRejected(reason);
    }
  }

  /** Reports {@code completed} with the time since {@code startNanos} ({@link System#nanoTime()}). */
  void completed(String routeTemplate, String method, int status, long startNanos) {
    requestCompleted(routeTemplate, method, status, Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos)));
  }
}
