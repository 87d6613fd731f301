package io.fetchd.reactor;

/**
 * Raised when a {@link io.fetchd.defer.DelayedCall} that was cancelled is cancelled, reset or
 * delayed again (Twisted's {@code AlreadyCancelled}).
 */
public final class CallAlreadyCancelledException extends IllegalStateException {
  /** An exception for a call that was cancelled already. */
  public CallAlreadyCancelledException() {
    super("the delayed call was already cancelled");
  }
}
