package io.fetchd.client;

/** Raised when the per-origin wait queue is full, or a request waited in it longer than its queue timeout. */
public final class QueueFullException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public QueueFullException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public QueueFullException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "QueueFull";
  }
}
