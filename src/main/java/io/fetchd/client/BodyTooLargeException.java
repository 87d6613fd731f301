package io.fetchd.client;

/** Raised when a response body (after decompression) exceeds the configured cap; the connection is closed. */
public final class BodyTooLargeException extends FetchException {
  public BodyTooLargeException(String message) {
    super(message);
  }

  public BodyTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "BodyTooLarge";
  }
}
