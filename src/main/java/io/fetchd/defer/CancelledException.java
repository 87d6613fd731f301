package io.fetchd.defer;

/**
 * The Failure of a Deferred that was cancelled and whose canceller did not fire it with a more
 * specific error.
 */
public final class CancelledException extends Exception {
  public CancelledException() {
    super("Deferred was cancelled");
  }

  public CancelledException(String message) {
    super(message);
  }
}
