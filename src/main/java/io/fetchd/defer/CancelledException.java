package io.fetchd.defer;

/**
 * The Failure of a Deferred that was cancelled and whose canceller did not fire it with a more
 * specific error.
 */
public final class CancelledException extends Exception {
  /** The exception of a Deferred cancelled with no canceller of its own, or whose canceller did not fire it. */
  public CancelledException() {
    super("Deferred was cancelled");
  }

  /**
   * A CancelledException saying why.
   *
   * @param message what was cancelled, or why
   */
  public CancelledException(String message) {
    super(message);
  }
}
