package io.fetchd.client;

/** Raised when the fetch was cancelled by its caller (or its batch); the connection is closed, not pooled. */
public final class FetchCancelledException extends FetchException {
  /**
   * A failure described by {@code message}.
   *
   * @param message what went wrong, for people
   */
  public FetchCancelledException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, for people
   * @param cause the exception that caused it
   */
  public FetchCancelledException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "Cancelled";
  }
}
