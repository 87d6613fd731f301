package io.fetchd.reactor;

/**
 * Raised when a {@link io.fetchd.defer.DelayedCall} that has already run is cancelled, reset or
 * delayed (Twisted's {@code AlreadyCalled}).
 */
public final class CallAlreadyRanException extends IllegalStateException {
  /** An exception for a call that has run already. */
  public CallAlreadyRanException() {
    super("the delayed call has already run");
  }
}
