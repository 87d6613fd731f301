package io.fetchd.defer;

/** Raised when {@code callback} or {@code errback} is called on a Deferred that already fired. */
public final class AlreadyCalledException extends IllegalStateException {
  /** An exception for a second {@code callback} or {@code errback}. */
  public AlreadyCalledException() {
    super("Deferred has already been called");
  }
}
