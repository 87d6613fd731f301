package io.fetchd.client;

/** Raised when the per-origin wait queue is full, or a request waited in it longer than its queue timeout. */
public final class QueueFullException extends FetchException {
  public QueueFullException(String message) {
    super(message);
  }

  public QueueFullException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "QueueFull";
  }
}
