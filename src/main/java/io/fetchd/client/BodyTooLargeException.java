package io.fetchd.client;

/** Raised when a response body (after decompression) exceeds the configured cap; the connection is closed. */
public final class BodyTooLargeException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public BodyTooLargeException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public BodyTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "BodyTooLarge";
  }
}
